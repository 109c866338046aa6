"""Closing an initiative with an outcome statement ("outcomes reach the people").

What closing does, in one transaction (initiative row locked first, then its roles):
- the initiative becomes CLOSED, with `outcome` and `closed_at`;
- `initiative_closed` is sent inside the transaction, and the apps above react in it:
  roles closes the initiative's roles (nobody can claim them any more), completes active
  claims (the work stays on everyone's record and peers may still verify it; nothing is
  erased) and cancels open waitlist entries and seat offers; dashboards records a CLOSED
  milestone and, after commit, a Celery task e-mails everyone who contributed, once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState
from initiatives.models import OUTCOME_MAX, Initiative
from initiatives.signals import initiative_closed
from people import access
from people.models import User


def _check_outcome(outcome: str) -> str:
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid(gettext("Write a short outcome statement: what came of the initiative. "
                      "Everyone who contributed will read it."))
    if len(outcome) > OUTCOME_MAX:
        raise Invalid(gettext("Keep the outcome statement to %(n)s characters (it has %(has)s).")
                      % {"n": f"{OUTCOME_MAX:,}", "has": f"{len(outcome):,}"})
    if "\x00" in outcome:
        raise Invalid(gettext("The text contains a NUL character (\\x00); remove it and try "
                              "again."))
    return outcome


@transaction.atomic
def initiative_close(*, initiative: Initiative, actor, outcome: str) -> Initiative:
    """Close an active initiative with its outcome; orchestrators of its organization only."""
    outcome = _check_outcome(outcome)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    access.require_manager(actor, initiative.organization_id)
    if initiative.status == Initiative.Status.CLOSED:
        raise InvalidState(gettext("This initiative is closed already."))
    if initiative.status != Initiative.Status.ACTIVE:
        raise InvalidState(gettext("Only an active initiative can be closed with an outcome: "
                           "publish it first, or leave the draft as it is."))
    initiative.status = Initiative.Status.CLOSED
    initiative.outcome, initiative.closed_at = outcome, timezone.now()
    initiative._history_user = actor if isinstance(actor, User) else None
    initiative.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    initiative_closed.send(sender=Initiative, initiative_id=initiative.pk,
                           organization_id=initiative.organization_id,
                           closed_at=initiative.closed_at)
    return initiative
