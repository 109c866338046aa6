"""Throttling: anonymous callers by address, keys by key (a higher rate), and failed
authentication by address (so guessing keys is slow). DRF answers 429 with `Retry-After`.
Rates come from settings at request time so deployments and tests can tune them.

The address is DRF's `get_ident`: with `NUM_PROXIES` (= TRUSTED_PROXY_COUNT) at 0 it is
REMOTE_ADDR and a forged `X-Forwarded-For` changes nothing; with n proxies, the n-th
address from the right of `X-Forwarded-For` (the one our own proxy saw).

The anonymous and key throttles count in Redis with `crowddo.cache`'s `sliding_window` (one
atomic round trip, the same window and limit as DRF's log); without Redis, or while it is down,
they count as DRF does, in the cache (per process while Redis is down).
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from crowddo.cache import CacheUnavailable
from people.models import ApiKey

AUTH_FAILURE_DEFAULT_RATE = "30/min"


class _SettingsRateThrottle(SimpleRateThrottle):
    _counted: tuple[int, float | None] | None = None  # (calls in the window, oldest) from Redis

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        window = getattr(self.cache, "sliding_window", None)
        if window is not None:
            self.now = self.timer()
            try:
                admitted, count, oldest = window(
                    f"window:{self.key}", self.now, self.duration, self.num_requests
                )
            except CacheUnavailable:
                pass
            else:
                self._counted = (count, oldest)
                return admitted
        self._counted = None
        return super().allow_request(request, view)

    def wait(self):
        """DRF's estimate (`SimpleRateThrottle.wait`) from the Redis count."""
        if self._counted is None:
            return super().wait()
        count, oldest = self._counted
        remaining = self.duration - (self.now - oldest) if oldest is not None else self.duration
        available = self.num_requests - count + 1
        return remaining / available if available > 0 else None


class AnonymousThrottle(_SettingsRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class KeyThrottle(_SettingsRateThrottle):
    scope = "key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class FailedAuthThrottle(SimpleRateThrottle):
    """Counts only failed authentications of an address; used by the authentication class
    (`blocked` before checking a key, `record` after a failure), not as a view throttle."""

    scope = "auth_failure"

    def get_rate(self):
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        return rates.get(self.scope, AUTH_FAILURE_DEFAULT_RATE)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def blocked(self, request) -> bool:
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record(self, request) -> None:
        self.blocked(request)
        self.throttle_success()
