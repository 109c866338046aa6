"""The base every partner API view mixes in."""

from rest_framework.renderers import JSONRenderer

from crowddo.api.etag import ConditionalGetMixin


class ApiViewMixin(ConditionalGetMixin):
    """ETag / conditional GET on successful reads; errors always as JSON, even when the
    caller asked for CSV (an error has no rows)."""

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
