"""Collectives and who belongs to them: the coordinator keeps the collective and invites;
an owner of the invited organization accepts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import InvalidState
from initiatives.models import Collective, CollectiveMembership
from initiatives.services.checks import clean_and_save
from people import access
from people.models import Organization, User


@transaction.atomic
def collective_save(*, collective: Collective, actor) -> Collective:
    if collective.pk:
        before = Collective.objects.get(pk=collective.pk)
        access.require_manager(actor, before.coordinator_id)
    access.require_manager(actor, collective.coordinator_id)
    clean_and_save(collective)
    return collective


@transaction.atomic
def collective_invite(*, collective: Collective, organization: Organization,
                      actor) -> CollectiveMembership:
    """The coordinating organization invites another organization; its owner accepts."""
    access.require_manager(actor, collective.coordinator_id)
    if organization.pk == collective.coordinator_id:
        raise InvalidState(gettext("The coordinating organization is part of its collective "
                                   "already."))
    membership, created = CollectiveMembership.objects.get_or_create(
        collective=collective, organization=organization
    )
    if not created:
        state = membership.get_status_display().lower()
        raise InvalidState(gettext("%(org)s is already %(state)s in %(collective)s.")
                           % {"org": organization, "state": state, "collective": collective})
    return membership


def collective_join(*, membership: CollectiveMembership, actor) -> CollectiveMembership:
    """The one way an invited organization joins: its owner's decision, whether taken with
    the admin's "Accept the invitation" or by accepting the collective's charter. The caller
    holds the membership row locked."""
    access.require_owner(actor, membership.organization_id)
    membership.status = CollectiveMembership.Status.ACTIVE
    membership.accepted_at = timezone.now()
    membership.accepted_by = actor if isinstance(actor, User) else None
    membership.save(update_fields=["status", "accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def collective_accept(*, membership: CollectiveMembership, actor) -> CollectiveMembership:
    """An owner of the invited organization accepts the invitation."""
    membership = CollectiveMembership.objects.select_for_update().get(pk=membership.pk)
    access.require_owner(actor, membership.organization_id)
    if membership.status == CollectiveMembership.Status.ACTIVE:
        raise InvalidState(gettext("This organization is a member already."))
    return collective_join(membership=membership, actor=actor)
