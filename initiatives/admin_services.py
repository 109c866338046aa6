"""Writes about initiatives, collectives, decisions and resources that orchestrators make.

Kept apart from a future `initiatives/services.py` so that branches do not collide; the
rules are the same: keyword-only, typed, one transaction, DomainErrors a person can act on,
and every check of who may do it goes through people.access.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from initiatives.models import Collective, CollectiveMembership, Decision, Initiative, Resource
from people import access
from people.models import Organization, User

CLOSE_WITH_OUTCOME = ("Close an initiative with “Close with an outcome”: it asks for the "
                      "outcome statement that everyone who contributed will read.")


def _check_manages(actor, organization_id: int | None, what: str) -> None:
    if access.is_superuser(actor):
        return
    if organization_id is None or organization_id not in access.managed_org_ids(actor):
        raise NotAllowed(f"Only orchestrators and owners of the organization can {what}.")


def _clean_and_save(obj, exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise Invalid(problems) from None
    obj.save()


def _may_join(actor, initiative: Initiative) -> None:
    """An initiative may join a collective its organization belongs to (or coordinates)."""
    collective = initiative.collective
    if collective is None or access.is_superuser(actor):
        return
    org = initiative.organization_id
    member = CollectiveMembership.objects.filter(
        collective=collective, organization_id=org, status=CollectiveMembership.Status.ACTIVE
    ).exists()
    if collective.coordinator_id != org and not member:
        raise NotAllowed("This organization is not a member of that collective: accept its "
                         "invitation first.")


@transaction.atomic
def initiative_save(*, initiative: Initiative, actor) -> Initiative:
    """Create or update an initiative of an organization the actor manages."""
    if initiative.pk:
        before = Initiative.objects.select_for_update().get(pk=initiative.pk)
        _check_manages(actor, before.organization_id, "change this initiative")
    _check_manages(actor, initiative.organization_id, "add initiatives to it")
    _may_join(actor, initiative)
    was_closed = initiative.pk and before.status == Initiative.Status.CLOSED
    if initiative.status == Initiative.Status.CLOSED and not was_closed:
        raise Invalid(CLOSE_WITH_OUTCOME)
    initiative._history_user = actor if isinstance(actor, User) else None
    _clean_and_save(initiative)
    return initiative


@transaction.atomic
def initiative_set_status(*, initiative: Initiative, status: str, actor) -> bool:
    """Publish (active) or close an initiative. False when it had that status already."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _check_manages(actor, initiative.organization_id, "publish or close this initiative")
    if status not in (Initiative.Status.ACTIVE, Initiative.Status.CLOSED):
        raise Invalid("An initiative can be published (active) or closed.")
    if initiative.status == status:
        return False
    if status == Initiative.Status.CLOSED:
        raise Invalid(CLOSE_WITH_OUTCOME)
    initiative.status = status
    initiative._history_user = actor if isinstance(actor, User) else None
    initiative.save(update_fields=["status", "updated_at"])
    return True


def _target_org(decision_or_resource) -> int | None:
    if decision_or_resource.initiative_id:
        return decision_or_resource.initiative.organization_id
    if decision_or_resource.collective_id:
        return decision_or_resource.collective.coordinator_id
    return None


@transaction.atomic
def decision_record(*, decision: Decision, actor) -> Decision:
    """Add or correct a decision-log entry of an initiative or a collective the actor runs."""
    if bool(decision.initiative_id) == bool(decision.collective_id):
        raise Invalid("A decision belongs to exactly one initiative or one collective.")
    if decision.pk:
        before = Decision.objects.get(pk=decision.pk)
        _check_manages(actor, before.organization_id, "change this decision")
    org_id = _target_org(decision)
    _check_manages(actor, org_id, "record decisions for it")
    decision.organization_id = org_id
    if decision.recorded_by_id is None and isinstance(actor, User):
        decision.recorded_by = actor
    _clean_and_save(decision, exclude=["organization"])
    return decision


@transaction.atomic
def resource_save(*, resource: Resource, actor) -> Resource:
    """Attach a shared toolkit, link or file to an initiative or a collective the actor runs."""
    if not resource.initiative_id and not resource.collective_id:
        raise Invalid("Attach the resource to an initiative or a collective.")
    if not resource.url and not resource.file:
        raise Invalid("Give a link or upload a file.")
    if resource.pk:
        before = Resource.objects.get(pk=resource.pk)
        _check_manages(actor, before.organization_id, "change this resource")
    org_id = _target_org(resource)
    _check_manages(actor, org_id, "share resources there")
    resource.organization_id = org_id
    _clean_and_save(resource, exclude=["organization"])
    return resource


@transaction.atomic
def collective_save(*, collective: Collective, actor) -> Collective:
    if collective.pk:
        before = Collective.objects.get(pk=collective.pk)
        _check_manages(actor, before.coordinator_id, "change this collective")
    _check_manages(actor, collective.coordinator_id, "coordinate a collective for it")
    _clean_and_save(collective)
    return collective


@transaction.atomic
def collective_invite(*, collective: Collective, organization: Organization,
                      actor) -> CollectiveMembership:
    """The coordinating organization invites another organization; its owner accepts."""
    _check_manages(actor, collective.coordinator_id, "invite organizations to this collective")
    if organization.pk == collective.coordinator_id:
        raise InvalidState("The coordinating organization is part of its collective already.")
    membership, created = CollectiveMembership.objects.get_or_create(
        collective=collective, organization=organization
    )
    if not created:
        state = membership.get_status_display().lower()
        raise InvalidState(f"{organization} is already {state} in {collective}.")
    return membership


@transaction.atomic
def collective_accept(*, membership: CollectiveMembership, actor) -> CollectiveMembership:
    """An owner of the invited organization accepts the invitation."""
    membership = CollectiveMembership.objects.select_for_update().get(pk=membership.pk)
    if not access.is_superuser(actor) and membership.organization_id not in \
            access.owned_org_ids(actor):
        raise NotAllowed("Only an owner of the invited organization can accept.")
    if membership.status == CollectiveMembership.Status.ACTIVE:
        raise InvalidState("This organization is a member already.")
    membership.status = CollectiveMembership.Status.ACTIVE
    membership.accepted_at = timezone.now()
    membership.accepted_by = actor if isinstance(actor, User) else None
    membership.save(update_fields=["status", "accepted_at", "accepted_by"])
    return membership
