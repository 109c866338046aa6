"""`Authorization: Bearer <prefix.secret>` authentication for partner API keys.

No header: anonymous (open data). A header that does not name a live key answers 401,
never a silent downgrade to anonymous, so a partner notices a revoked key at once.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext
from rest_framework import authentication, exceptions

from people.api.throttles import FailedAuthThrottle
from people.models import ApiKey
from people.services import api_key_authenticate

KEYWORD = "bearer"


class BearerKeyAuthentication(authentication.BaseAuthentication):
    """Sets `request.auth` to the ApiKey and `request.user` to AnonymousUser."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").strip()
        if not header:
            return None
        failures = FailedAuthThrottle()
        if failures.blocked(request):
            raise exceptions.Throttled(failures.wait(), detail=gettext(
                "Too many failed authentications from this address. Wait, then send a "
                "valid key."))
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != KEYWORD or not raw.strip():
            failures.record(request)
            raise exceptions.AuthenticationFailed(
                gettext("Send the key as 'Authorization: Bearer <prefix.secret>'.")
            )
        key = api_key_authenticate(raw.strip())
        if key is None:
            failures.record(request)
            raise exceptions.AuthenticationFailed(
                gettext("This API key is unknown or revoked. Ask the organization for a new key.")
            )
        return AnonymousUser(), key

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when credentials are missing or wrong.
        return 'Bearer realm="api"'


def actor_of(request):
    """Who asks: the ApiKey when one was sent, otherwise the (anonymous) user."""
    return request.auth if isinstance(request.auth, ApiKey) else request.user
