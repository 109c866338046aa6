"""Who belongs to an organization, and at which level. Owners only; an organization always
keeps at least one owner."""

from __future__ import annotations

from django.db import transaction

from crowddo.errors import Invalid, InvalidState
from people import access
from people.audit import audit_record
from people.models import AuditEvent, Membership, Organization, User


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
    access.require_owner(actor, organization.pk)
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
    access.require_owner(actor, membership.organization_id)
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
    access.require_owner(actor, membership.organization_id)
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
