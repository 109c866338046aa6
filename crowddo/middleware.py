"""Hardening middleware: request ids, Permissions-Policy, and the admin behind MFA.

The request id ties every log line of one request together (and to the proxy's
access log when the proxy sends `X-Request-ID`). It lives in a contextvar so the
logging filter can read it from any code the request runs, without passing it on.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# Accept an incoming id only if it is short and plain: it goes into every log line,
# so anything that could forge log fields (spaces, quotes, "=", newlines) is replaced.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

# Features CrowdDo never uses; a page injected into ours cannot turn them on either.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def incoming_request_id(request) -> str:
    candidate = request.headers.get("X-Request-ID", "")
    if SANE_REQUEST_ID.match(candidate):
        return candidate
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Accepts a sane `X-Request-ID` or makes one; echoes it and logs with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request)
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _has_totp(user) -> bool:
    # Models load only once apps are ready, and settings import this module (observability).
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _session_used_mfa(request) -> bool:
    # allauth's account modules reach its models: loaded only once apps are ready (see above).
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class AdminMfaMiddleware:
    """With ADMIN_REQUIRE_MFA, the admin is only for staff who signed in with a second factor.

    - `/admin/login/` (password only) is replaced by the allauth login, which asks
      for the TOTP code of anyone who has one;
    - staff without a TOTP authenticator are sent to set one up first;
    - staff with one whose session did not use it (e.g. logged in before activating)
      are asked for a code again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "ADMIN_REQUIRE_MFA", False):
            admin_root = reverse("admin:index")
            if request.path.startswith(admin_root):
                detour = self._detour(request, admin_root)
                if detour is not None:
                    return detour
        return self.get_response(request)

    def _detour(self, request, admin_root: str):
        next_query = urlencode({"next": request.get_full_path()})
        if request.path == reverse("admin:login"):
            target = request.GET.get("next") or admin_root
            return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None  # the admin itself sends them to log in (and refuses non-staff)
        if not _has_totp(user):
            return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
        if not _session_used_mfa(request):
            return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        return None
