"""Throttling: anonymous callers by address, keys by key (a higher rate), and failed
authentication by address (so guessing keys is slow). DRF answers 429 with `Retry-After`.
Rates come from settings at request time so deployments and tests can tune them.

The address is DRF's `get_ident`: with `NUM_PROXIES` (= TRUSTED_PROXY_COUNT) at 0 it is
REMOTE_ADDR and a forged `X-Forwarded-For` changes nothing; with n proxies, the n-th
address from the right of `X-Forwarded-For` (the one our own proxy saw).
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from people.models import ApiKey

AUTH_FAILURE_DEFAULT_RATE = "30/min"


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


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
