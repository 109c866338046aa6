"""Writes about initiatives that orchestrators make: create, change, publish.

Closing is its own service (`initiatives.services.closing`): it asks for an outcome.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import Invalid, NotAllowed
from initiatives.access import collectives_open_to
from initiatives.models import Initiative
from initiatives.services.checks import clean_and_save
from initiatives.signals import initiative_published
from people import access
from people.models import User

CLOSE_WITH_OUTCOME = gettext_noop("Close an initiative with “Close with an outcome”: it asks "
                                  "for the outcome statement that everyone who contributed "
                                  "will read.")


def _may_join(initiative: Initiative) -> None:
    """An initiative may join a collective its organization coordinates or is an active
    member of (`initiatives.access.collectives_open_to`, also the admin's choices)."""
    collective_id = initiative.collective_id
    if collective_id is None:
        return
    if not collectives_open_to({initiative.organization_id}).filter(pk=collective_id).exists():
        raise NotAllowed(gettext("This organization is not a member of that collective: accept its "
                         "invitation first."))


@transaction.atomic
def initiative_save(*, initiative: Initiative, actor) -> Initiative:
    """Create or update an initiative of an organization the actor manages."""
    if initiative.pk:
        before = Initiative.objects.select_for_update().get(pk=initiative.pk)
        access.require_manager(actor, before.organization_id)
    access.require_manager(actor, initiative.organization_id)
    if not access.is_superuser(actor):
        _may_join(initiative)
    was_closed = initiative.pk and before.status == Initiative.Status.CLOSED
    was_active = initiative.pk and before.status == Initiative.Status.ACTIVE
    if initiative.status == Initiative.Status.CLOSED and not was_closed:
        raise Invalid(gettext(CLOSE_WITH_OUTCOME))
    initiative._history_user = actor if isinstance(actor, User) else None
    clean_and_save(initiative)
    if initiative.status == Initiative.Status.ACTIVE and not was_active:
        initiative_published.send(sender=Initiative, initiative_id=initiative.pk)
    return initiative


@transaction.atomic
def initiative_set_status(*, initiative: Initiative, status: str, actor) -> bool:
    """Publish (active) or close an initiative. False when it had that status already."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    access.require_manager(actor, initiative.organization_id)
    if status not in (Initiative.Status.ACTIVE, Initiative.Status.CLOSED):
        raise Invalid(gettext("An initiative can be published (active) or closed."))
    if initiative.status == status:
        return False
    if status == Initiative.Status.CLOSED:
        raise Invalid(gettext(CLOSE_WITH_OUTCOME))
    initiative.status = status
    initiative._history_user = actor if isinstance(actor, User) else None
    initiative.save(update_fields=["status", "updated_at"])
    initiative_published.send(sender=Initiative, initiative_id=initiative.pk)
    return True
