"""A resource's file, as a download: only for people who may see its initiative or
collective, always `Content-Disposition: attachment` with `nosniff`, so an uploaded file is
never shown as a page from the site's origin."""

from django.http import FileResponse, Http404

from initiatives.selectors import visible_resources
from people import access


def resource_download(request, pk: int):
    resource = access.get_or_404(visible_resources(request.user), pk=pk)
    if not resource.file:
        raise Http404("This resource is a link, not a file.")
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, as_attachment=True,
                            filename=resource.file.name.rsplit("/", 1)[-1],
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
