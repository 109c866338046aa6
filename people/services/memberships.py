"""Who belongs to an organization, and at which level. Owners invite; the person accepts or
declines; an organization always keeps at least one owner."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState, LinkInvalid
from people import access
from people.audit import audit_record
from people.models import AuditEvent, Invitation, Membership, Organization, User
from people.signals import invitation_created


def _check_level(level: str) -> None:
    if level not in Membership.Level.values:
        raise Invalid(gettext("Unknown role %(level)s: choose owner, orchestrator or member.")
                      % {"level": repr(level)})


def _keeps_an_owner(membership: Membership, new_level: str | None) -> None:
    if membership.level != Membership.Level.OWNER or new_level == Membership.Level.OWNER:
        return
    others = Membership.objects.filter(
        organization_id=membership.organization_id, level=Membership.Level.OWNER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise InvalidState(gettext("An organization needs at least one owner: make someone else "
                                   "owner "
                           "first."))


@transaction.atomic
def membership_invite(
    *, organization: Organization, email: str, level: str = Membership.Level.MEMBER, actor,
) -> Invitation:
    """Invite a person (by e-mail) to the organization with a role. Nobody becomes a member
    without consent: the person accepts or declines from the link in the e-mail
    (`invitation_accept`, `invitation_decline`), signed in as themselves.

    A new address gets an account with no usable password: the person sets one through
    "forgot password" (allauth), which also proves they own the address.
    """
    access.require_owner(actor, organization.pk)
    _check_level(level)
    email = User.objects.normalize_email((email or "").strip()).lower()
    if "@" not in email:
        raise Invalid(gettext("Enter a valid e-mail address."))
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise InvalidState(gettext("%(email)s is already in %(org)s: change their role instead.")
                           % {"email": email, "org": organization})
    if Invitation.objects.filter(user=user, organization=organization,
                                 status=Invitation.Status.PENDING).exists():
        raise InvalidState(gettext("%(email)s has an invitation to %(org)s waiting for an answer "
                                   "already.") % {"email": email, "org": organization})
    invitation = Invitation.objects.create(
        user=user, organization=organization, level=level, invited_by=actor,
        token=secrets.token_urlsafe(32))
    audit_record(event_type=AuditEvent.Type.MEMBERSHIP_INVITED, actor=actor,
                 organization=organization,
                 details={"invitation_id": invitation.pk, "level": level})
    invitation_created.send(sender=Invitation, invitation_id=invitation.pk)
    return invitation


def _pending_for(token: str, user) -> Invitation:
    """The pending invitation behind a link, for the person it invites; anyone else (or a
    spent link) is told it is not there."""
    invitation = (Invitation.objects.select_for_update().select_related("organization")
                  .filter(token=token, user_id=getattr(user, "pk", None)).first())
    if invitation is None:
        raise LinkInvalid(gettext("This invitation is not for this account, or it does not exist."))
    if invitation.status != Invitation.Status.PENDING:
        raise InvalidState(gettext("This invitation was %(status)s already.")
                           % {"status": invitation.get_status_display().lower()})
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    """The person joins: the membership starts now (its `created_at` is the moment of
    consent, from which the organization's owners see their sign-ins)."""
    invitation = _pending_for(token, user)
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization,
        defaults={"level": invitation.level})
    invitation.status, invitation.answered_at = Invitation.Status.ACCEPTED, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    staff_sync(user=user)
    access.forget(user)
    audit_record(event_type=AuditEvent.Type.INVITATION_ACCEPTED, actor=user,
                 organization=invitation.organization_id,
                 details={"invitation_id": invitation.pk, "level": membership.level})
    return membership


@transaction.atomic
def invitation_decline(*, token: str, user) -> Invitation:
    invitation = _pending_for(token, user)
    invitation.status, invitation.answered_at = Invitation.Status.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    # No actor: a person who declines leaves nothing of theirs with the organization.
    audit_record(event_type=AuditEvent.Type.INVITATION_DECLINED, actor=None,
                 organization=invitation.organization_id,
                 details={"invitation_id": invitation.pk})
    return invitation


@transaction.atomic
def invitations_withdraw(*, invitations, actor) -> int:
    """An owner takes back invitations nobody answered yet."""
    count = 0
    for invitation in Invitation.objects.select_for_update().filter(
            pk__in=[i.pk for i in invitations], status=Invitation.Status.PENDING):
        access.require_owner(actor, invitation.organization_id)
        invitation.status, invitation.answered_at = Invitation.Status.WITHDRAWN, timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        audit_record(event_type=AuditEvent.Type.INVITATION_WITHDRAWN, actor=actor,
                     organization=invitation.organization_id,
                     details={"invitation_id": invitation.pk})
        count += 1
    return count


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
