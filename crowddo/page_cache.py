"""A short cache for open-data pages seen by anonymous visitors (`PUBLIC_PAGE_CACHE_SECONDS`).

Only requests that carry neither a session cookie nor a messages cookie are served from or
stored in the cache. A signed-in person always carries a session cookie, so they never get a
cached page, and a page rendered for them is never stored; what an anonymous visitor sees is
open data by the access policy, so nothing private can enter the cache. The key is the host,
the language and the full path with its query string. Only plain 200 responses that set no
cookie are stored. The response still passes through every middleware on the way out, so
security and CSP headers are added fresh to a cached page.

While the cache is unreachable (`crowddo.cache.CacheUnavailable`) the page is rendered
as if the cache were off: the `shared` alias fails fast behind its circuit breaker.

Trade-off: an anonymous visitor may see a page up to PUBLIC_PAGE_CACHE_SECONDS old (default
5 s, the same order as the dashboards' own roll-up debounce); 0 switches the cache off.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import get_language

from crowddo.cache import CacheUnavailable

COOKIES_THAT_PERSONALISE = ("messages",)


def cacheable_request(request) -> bool:
    """The keying rule shared with the API's list cache (crowddo/api/list_cache.py): a read
    carrying no session and no personalising cookie."""
    if request.method not in ("GET", "HEAD"):
        return False
    names = (settings.SESSION_COOKIE_NAME, *COOKIES_THAT_PERSONALISE)
    return not any(name in request.COOKIES for name in names)


def cache_key(prefix: str, request, *parts: str, path: str = "") -> str:
    """Host, language and the full path with its query string (and any `parts`), hashed."""
    raw = "|".join([request.get_host(), get_language() or "", path or request.get_full_path(),
                    *parts])
    return prefix + hashlib.sha256(raw.encode()).hexdigest()


def public_page(view):
    """Serve the anonymous rendering of an open-data page from the cache for a few seconds."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not cacheable_request(request):
            return view(request, *args, **kwargs)
        key, cache = cache_key("public-page:", request), caches["shared"]
        try:
            hit = cache.get(key)
        except CacheUnavailable:  # Redis is down: render the page, store nothing
            return view(request, *args, **kwargs)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if (response.status_code == 200 and not response.streaming and not response.cookies
                and not request.user.is_authenticated):
            # Redis went away while the page rendered: the page is served uncached.
            with suppress(CacheUnavailable):
                cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
