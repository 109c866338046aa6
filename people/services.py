"""Every write that matters about people: API keys, memberships, collective membership, profiles.

The admin, the API and management commands call these functions and nothing else.
Each runs in one transaction and raises a `crowddo.errors.DomainError` whose message
a person can act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from people import access
from people.audit import audit_record
from people.models import ApiKey, AuditEvent, Membership, Organization, User, VolunteerProfile

# --- API keys ----------------------------------------------------------------------------------
# Shown once as `prefix.secret`. The prefix is stored in clear (unique, for lookup); the secret
# only as a keyed HMAC-SHA256, so a leaked database leaks no usable key (healthchecks, pretix).

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
        raise Invalid("Give the API key a name, so you can tell it apart later.")
    if len(name) > ApiKey._meta.get_field("name").max_length:
        raise Invalid("The API key name is too long: use at most 100 characters.")
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
    _check_manages(actor, key.organization_id, "revoke this organization's API keys")
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise InvalidState("This API key is revoked already.")
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


# --- Memberships (owners only) -----------------------------------------------------------------

def _check_manages(actor, organization_id: int, what: str) -> None:
    if not access.is_superuser(actor) and organization_id not in access.managed_org_ids(actor):
        raise NotAllowed(f"Only orchestrators and owners of this organization can {what}.")


def _check_owns(actor, organization_id: int) -> None:
    if not access.is_superuser(actor) and organization_id not in access.owned_org_ids(actor):
        raise NotAllowed("Only owners of this organization can change who belongs to it.")


def _check_level(level: str) -> None:
    if level not in Membership.Level.values:
        raise Invalid(f"Unknown role {level!r}: choose owner, orchestrator or member.")


def _keeps_an_owner(membership: Membership, new_level: str | None) -> None:
    if membership.level != Membership.Level.OWNER or new_level == Membership.Level.OWNER:
        return
    others = Membership.objects.filter(
        organization_id=membership.organization_id, level=Membership.Level.OWNER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise InvalidState("An organization needs at least one owner: make someone else owner "
                           "first.")


@transaction.atomic
def membership_invite(
    *, organization: Organization, email: str, level: str = Membership.Level.MEMBER, actor,
) -> Membership:
    """Add a person (by e-mail) to the organization with a role; creates the account if new.

    A new account has no usable password: the person sets one through "forgot password"
    (allauth), which also proves they own the address.
    """
    _check_owns(actor, organization.pk)
    _check_level(level)
    email = User.objects.normalize_email((email or "").strip()).lower()
    if "@" not in email:
        raise Invalid("Enter a valid e-mail address.")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise InvalidState(f"{email} is already in {organization}: change their role instead.")
    membership = Membership.objects.create(user=user, organization=organization, level=level)
    staff_sync(user=user)
    audit_record(event_type=AuditEvent.Type.MEMBERSHIP_ADDED, actor=actor,
                 organization=organization, details={"user_id": user.pk, "level": level})
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, level: str, actor) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_owns(actor, membership.organization_id)
    _check_level(level)
    _keeps_an_owner(membership, level)
    previous = membership.level
    membership.level = level
    membership.save(update_fields=["level"])
    staff_sync(user=membership.user)
    audit_record(event_type=AuditEvent.Type.MEMBERSHIP_CHANGED, actor=actor,
                 organization=membership.organization_id,
                 details={"user_id": membership.user_id, "level": level,
                          "previous_level": previous})
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_owns(actor, membership.organization_id)
    _keeps_an_owner(membership, None)
    user = membership.user
    membership.delete()
    staff_sync(user=user)
    audit_record(event_type=AuditEvent.Type.MEMBERSHIP_REMOVED, actor=actor,
                 organization=membership.organization_id, details={"user_id": user.pk})


def staff_sync(*, user: User) -> bool:
    """`is_staff` follows memberships: owners and orchestrators may enter the admin.

    Superusers stay staff. What a staff member sees there is decided per request by the
    tenant-scoped admin base (people.admin.tenancy) through the access policy, not by
    Django's model permissions, so no group needs keeping in step.
    """
    managing = Membership.objects.filter(user=user, level__in=Membership.MANAGING).exists()
    wanted = managing or user.is_superuser
    if user.is_staff != wanted:
        User.objects.filter(pk=user.pk).update(is_staff=wanted)
        user.is_staff = wanted
    return wanted
# --- Volunteer profile ---------------------------------------------------------------------


@transaction.atomic
def profile_update(
    *, user: User, display_name: str, show_in_reports: bool, bio: str,
    weekly_capacity_hours: int, skills, regions,
) -> VolunteerProfile:
    """Change what a volunteer tells the platform about themselves.

    The capacity may go below the hours already held: the guard refuses new claims
    until it fits again, nothing is taken away.
    """
    if not 1 <= weekly_capacity_hours <= 80:
        raise Invalid("Weekly capacity must be between 1 and 80 hours.")
    if len(display_name) > 80 or len(bio) > 2000:
        raise Invalid("The display name may have 80 characters and the bio 2,000.")
    profile, _ = VolunteerProfile.objects.select_for_update().get_or_create(user=user)
    user.display_name = display_name.strip()
    user.show_in_reports = show_in_reports
    user.save(update_fields=["display_name", "show_in_reports"])
    profile.bio = bio
    profile.weekly_capacity_hours = weekly_capacity_hours
    profile.save(update_fields=["bio", "weekly_capacity_hours", "updated_at"])
    profile.skills.set(skills)
    profile.regions.set(regions)
    return profile
