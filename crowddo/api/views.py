"""The base every partner API view mixes in, and the API's root listing."""

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.mixins import ListModelMixin
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from crowddo.api.etag import ConditionalGetMixin, etag_for, matches
from crowddo.api.handlers import api_error
from crowddo.api.list_cache import AnonymousListCacheMixin


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = gettext_lazy("The row changed since you read it (If-Match does not match "
                                  "its ETag). Read it again, then repeat the change.")


class ApiViewMixin(AnonymousListCacheMixin, ConditionalGetMixin):
    """ETag / conditional GET on successful reads; `If-Match` on writes to one row (412 when
    the ETag a GET of the row gives now differs); errors always as JSON, even when the caller
    asked for CSV (an error has no rows); anonymous list reads cached briefly (list_cache)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        header = request.META.get("HTTP_IF_MATCH")
        if header and request.method in ("PUT", "PATCH", "DELETE") and self.kwargs:
            current = etag_for(self.read_representation(self.get_object()),
                               JSONRenderer.media_type)
            if not matches(header, current):
                raise PreconditionFailed()

    def read_representation(self, instance) -> dict:
        """What GET of this row answers (its ETag is the one `If-Match` must name)."""
        return self.read_serializer_class(instance, context=self.get_serializer_context()).data

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def _list_routes(patterns, prefix=""):
    """(route, url name) of every list endpoint without parameters, in URLconf order."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _list_routes(entry.url_patterns, route)
        elif (isinstance(entry, URLPattern) and entry.name and entry.name.endswith("-list")
              and "<" not in route and "(?P" not in route):
            yield route.lstrip("^").rstrip("$").rstrip("/"), entry.name


class ApiRoot(APIView):
    """Every collection of the API, by name (what DRF's DefaultRouter lists)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        prefix = "api/v1/"
        return Response({route.removeprefix(prefix): reverse(name, request=request)
                         for route, name in _list_routes(get_resolver().url_patterns)
                         if route.startswith(prefix)})


def _is_list(view) -> bool:
    """A viewset routed to `list` for GET, or a plain list view (ListAPIView)."""
    actions = getattr(view, "actions", None)
    if actions is not None:
        return actions.get("get") == "list"
    return issubclass(getattr(view, "cls", object), ListModelMixin)


@csrf_exempt  # reads only; a write is a JSON 405, never CSRF's HTML 403
def csv_list(request, rest: str):
    """`/api/v1/csv/<list>/` answers `/api/v1/<list>/?format=csv`: the same view, its own
    authentication, permissions, throttles, filters and cursors, in CSV. It exists so that the
    schema has one operation per media type (`roles_list_csv`, …): generated clients choose
    their parser by operation, and one 200 with JSON and CSV left them parsing CSV as JSON."""
    if request.method not in ("GET", "HEAD"):
        return api_error(405, "method_not_allowed", gettext("CSV lists are read with GET."))
    if not request.accepts("text/csv"):
        return api_error(406, "not_acceptable", gettext(
            "This endpoint answers text/csv only; the JSON list is the same path without /csv."))
    target = "/api/v1/" + rest
    match = resolve(target)
    if rest.startswith("csv/") or not _is_list(match.func):
        return api_error(404, "not_found", "CSV is served for the API's lists: "
                         "/api/v1/csv/<list>/ (see /api/v1/docs/).")
    request.GET = request.GET.copy()
    request.GET["format"] = "csv"
    request.path_info = request.path = target
    return match.func(request, *match.args, **match.kwargs)
