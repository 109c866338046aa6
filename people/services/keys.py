"""API keys: shown once as `prefix.secret`. The prefix is stored in clear (unique, for lookup);
the secret only as a keyed HMAC-SHA256, so a leaked database leaks no usable key (healthchecks,
pretix)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState
from people import access
from people.audit import audit_record
from people.models import ApiKey, AuditEvent, Organization, User

PREFIX_BYTES = 6  # 12 hex characters, fits ApiKey.prefix (16)
SECRET_BYTES = 32
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _hash_secret(secret: str) -> str:
    key = settings.API_KEY_HASH_SECRET.encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def api_key_create(
    *, organization: Organization, name: str, can_write: bool = False,
    created_by: User | None = None,
) -> tuple[ApiKey, str]:
    """Create a key for the organization; returns the key and its plaintext, shown only once."""
    name = (name or "").strip()
    if not name:
        raise Invalid(gettext("Give the API key a name, so you can tell it apart later."))
    if len(name) > ApiKey._meta.get_field("name").max_length:
        raise Invalid(gettext("The API key name is too long: use at most 100 characters."))
    prefix = secrets.token_hex(PREFIX_BYTES)
    while ApiKey.objects.filter(prefix=prefix).exists():  # astronomically rare
        prefix = secrets.token_hex(PREFIX_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    key = ApiKey.objects.create(
        organization=organization, name=name, prefix=prefix, hashed_secret=_hash_secret(secret),
        can_write=bool(can_write), created_by=created_by,
    )
    audit_record(event_type=AuditEvent.Type.API_KEY_CREATED, actor=created_by,
                 organization=organization,
                 details={"api_key_id": key.pk, "prefix": prefix, "can_write": key.can_write})
    return key, f"{prefix}.{secret}"


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor) -> ApiKey:
    """Revoke a key for good. Only orchestrators/owners of its organization (or a superuser)."""
    access.require_manager(actor, key.organization_id)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise InvalidState(gettext("This API key is revoked already."))
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit_record(event_type=AuditEvent.Type.API_KEY_REVOKED, actor=actor,
                 organization=key.organization_id, details={"api_key_id": key.pk})
    return key


def api_key_authenticate(raw: str) -> ApiKey | None:
    """The key for `prefix.secret`, or None when it is malformed, unknown or revoked."""
    if not isinstance(raw, str) or raw.count(".") != 1:
        return None
    prefix, secret = raw.strip().split(".")
    if not prefix or not secret or len(prefix) > 16:
        return None
    key = ApiKey.objects.select_related("organization").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.hashed_secret, _hash_secret(secret)):
        return None
    if key.revoked_at is not None:
        return None
    _touch(key)
    return key


def _touch(key: ApiKey) -> None:
    # At most one write a minute per key: a busy partner must not turn reads into writes.
    now = timezone.now()
    if key.last_used_at and now - key.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now
