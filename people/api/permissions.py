"""Read for everyone (what they see is decided by people.access); write with a write-scoped key."""

from django.utils.translation import gettext_lazy
from rest_framework import permissions

from people.models import ApiKey


class ReadOnlyUnlessWriteKey(permissions.BasePermission):
    message = gettext_lazy(
        "This API key is read-only. Ask the organization for a key with write scope.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        key = request.auth
        if not isinstance(key, ApiKey):
            # No key: DRF turns this into 401 with the Bearer challenge.
            self.message = gettext_lazy("Writing needs an API key with write scope.")
            return False
        return key.is_active and key.can_write


class KeyRequired(permissions.BasePermission):
    """Endpoints that only exist for an organization (claims, contributions, webhooks…)."""

    message = gettext_lazy("This endpoint needs an organization's API key.")
    requires_key = True  # read by the OpenAPI schema (crowddo.api.schema): no anonymous access

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)
