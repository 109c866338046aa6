"""The anonymous page cache (crowddo/page_cache.py) for the API's lists: open data read
without a key is answered from the cache for `PUBLIC_PAGE_CACHE_SECONDS` (default 5; 0: off).

The same rules as the pages, plus the API's own:
- only a GET with no `Authorization` header (no API key, valid or not), no session or
  personalising cookie, authenticated as no one — a request with a key is never served a
  cached answer and its answer is never stored, since a key sees its organization's private
  rows;
- looked up after authentication, permissions and throttles ran (`initial()`), so the
  anonymous rate limit still counts every request;
- keyed on host, language, path and query as the view reads them (`/api/v1/csv/<list>/`
  rewrites both), the `Accept` header and the negotiated media type;
- a `sync_token` request is never cached (its window ends at "now − settle time");
- only a 200 that sets no cookie is stored: its rendered bytes, content type, `ETag` and
  `Link`; a hit answers `If-None-Match` with 304 like a fresh response.
"""

from __future__ import annotations

from contextlib import suppress

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from rest_framework import status
from rest_framework.response import Response

from crowddo.api import sync
from crowddo.api.etag import matches
from crowddo.cache import CacheUnavailable
from crowddo.page_cache import cache_key, cacheable_request

KEPT_HEADERS = ("ETag", "Link")


def list_key(request) -> str | None:
    """The cache key of an anonymous list read, or None when this request must not be cached."""
    if (not settings.PUBLIC_PAGE_CACHE_SECONDS or request.method != "GET"
            or "HTTP_AUTHORIZATION" in request.META or not cacheable_request(request)
            or request.auth is not None or request.user.is_authenticated
            or sync.PARAM in request.query_params):
        return None
    path = f"{request.path}?{request.query_params.urlencode()}"
    return cache_key("api-list:", request, request.META.get("HTTP_ACCEPT", ""),
                     request.accepted_media_type or "", path=path)


class AnonymousListCacheMixin:
    _list_key = None

    def list(self, request, *args, **kwargs):
        self._list_key = list_key(request)
        if self._list_key is not None:
            try:
                hit = caches["shared"].get(self._list_key)
            except CacheUnavailable:  # Redis is down: answer uncached, store nothing
                self._list_key, hit = None, None
            if hit is not None:
                return _answer(request, *hit)
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (self._list_key is not None and isinstance(response, Response)
                and response.status_code == 200 and not response.cookies):
            response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            with suppress(CacheUnavailable):
                caches["shared"].set(self._list_key,
                                     (response.content, response["Content-Type"], headers),
                                     settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response


def _answer(request, content: bytes, content_type: str, headers: dict):
    tag = headers.get("ETag")
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if tag and header and matches(header, tag):
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = HttpResponse(content, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return response
