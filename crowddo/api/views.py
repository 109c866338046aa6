"""The base every partner API view mixes in, and the API's root listing."""

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from crowddo.api.etag import ConditionalGetMixin


class ApiViewMixin(ConditionalGetMixin):
    """ETag / conditional GET on successful reads; errors always as JSON, even when the
    caller asked for CSV (an error has no rows)."""

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
