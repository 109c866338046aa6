"""The public record around initiatives and collectives: decision logs and shared resources
("transparent governance", "tools, not rules")."""

from __future__ import annotations

from django.db import transaction

from crowddo.errors import Invalid
from initiatives.models import Decision, Resource
from initiatives.services.checks import clean_and_save
from people import access
from people.models import User


def _target_org(decision_or_resource) -> int | None:
    """The organization that runs what the row is attached to (a collective: its coordinator)."""
    if decision_or_resource.initiative_id:
        return decision_or_resource.initiative.organization_id
    if decision_or_resource.collective_id:
        return decision_or_resource.collective.coordinator_id
    return None


def _save_managed(row, actor) -> None:
    """Save a decision or resource for the organization that runs what it is attached to:
    the actor must manage that organization, and the one it belonged to before an edit."""
    if row.pk:
        access.require_manager(actor, type(row).objects.get(pk=row.pk).organization_id)
    row.organization_id = _target_org(row)
    access.require_manager(actor, row.organization_id)
    clean_and_save(row, exclude=["organization"])


@transaction.atomic
def decision_record(*, decision: Decision, actor) -> Decision:
    """Add or correct a decision-log entry of an initiative or a collective the actor runs."""
    if bool(decision.initiative_id) == bool(decision.collective_id):
        raise Invalid("A decision belongs to exactly one initiative or one collective.")
    if decision.recorded_by_id is None and isinstance(actor, User):
        decision.recorded_by = actor
    _save_managed(decision, actor)
    return decision


@transaction.atomic
def resource_save(*, resource: Resource, actor) -> Resource:
    """Attach a shared toolkit, link or file to an initiative or a collective the actor runs."""
    if not resource.initiative_id and not resource.collective_id:
        raise Invalid("Attach the resource to an initiative or a collective.")
    if not resource.url and not resource.file:
        raise Invalid("Give a link or upload a file.")
    _save_managed(resource, actor)
    return resource
