"""Throttling: anonymous callers by IP, keys by key (a higher rate). DRF answers 429 with
`Retry-After`. Rates come from settings at request time so deployments and tests can tune them."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from people.models import ApiKey


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
