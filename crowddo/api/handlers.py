"""Errors Django answers by itself, outside DRF's views: JSON in the API's format under
/api/, the site's own pages (django.views.defaults and its templates) everywhere else.

`BodyLimitMiddleware` answers an oversize API body with a JSON 413 before anything reads it
(DRF streams a body straight into its parser, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE), and
request headers larger than API_MAX_HEADER_BYTES with a JSON 431. gunicorn is started with a
larger per-header limit (README, Production) so that such a request reaches Django and gets
the API's answer instead of gunicorn's bare HTML one.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message, "status_code": status},
                        status=status)


def too_large() -> JsonResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api_error(413, "payload_too_large",
                     gettext("The request body is larger than %(limit)s bytes. Send less per "
                             "request.") % {"limit": limit})


def headers_too_large(size: int) -> JsonResponse:
    limit = settings.API_MAX_HEADER_BYTES
    return api_error(431, "request_header_fields_too_large",
                     gettext("The request headers add up to %(size)s bytes; at most %(limit)s "
                             "are accepted. Send fewer or shorter headers (cookies included).")
                     % {"size": size, "limit": limit})


def header_bytes(meta: dict) -> int:
    """The size of the request's HTTP headers as sent: each name, value and separator."""
    return sum(len(name) - 5 + len(str(value)) + 4  # "HTTP_" prefix out; ": " and CRLF in
               for name, value in meta.items() if name.startswith("HTTP_"))


def bad_request(request, exception):
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return too_large()
    return api_error(400, "bad_request", gettext("The request is malformed (its headers or "
                                                 "body). Check it against /api/v1/schema/."))


def permission_denied(request, exception):
    if not is_api(request):
        return defaults.permission_denied(request, exception)
    return api_error(403, "permission_denied", gettext("You may not do this."))


def page_not_found(request, exception):
    if not is_api(request):
        return defaults.page_not_found(request, exception)
    return api_error(404, "not_found", gettext("No such API endpoint. See /api/v1/docs/."))


def server_error(request):
    if not is_api(request):
        return defaults.server_error(request)
    return api_error(500, "server_error", gettext(
        "Something went wrong on our side; it has been logged. Retry later, with the same "
        "Idempotency-Key for a write."))


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            size = header_bytes(request.META)
            if size > settings.API_MAX_HEADER_BYTES:
                return headers_too_large(size)
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return api_error(400, "bad_request",
                                 gettext("Content-Length must be a whole number."))
            if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None \
                    and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return too_large()
        return self.get_response(request)
