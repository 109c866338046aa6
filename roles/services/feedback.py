"""Feedback that reaches the contributor: a peer sends work back with a comment, the
contributor answers and resubmits, a peer verifies it. The exchange (Verification rows with
outcome SENT_BACK/VERIFIED and Resubmission rows) stays with the contribution.

Counting: sent-back and resubmitted work is left out of progress totals until a peer verifies
it (`Contribution.COUNTED`); each step sends `progress_changed` so the roll-ups follow.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from people.models import User
from roles.models import Claim, Contribution, Resubmission, Verification
from roles.services.common import check_note, each, send_progress
from roles.services.contributions import check_figures
from roles.services.verification import contribution_for_verdict, record_verdict
from roles.signals import contribution_sent_back


@transaction.atomic
def contribution_send_back(
    *, contribution: Contribution, verifier: User, comment: str
) -> Contribution:
    """A peer asks for changes. The comment is required: it is what the contributor reads."""
    comment = (comment or "").strip()
    if not comment:
        raise Invalid("Say what needs to change: the contributor reads your comment.")
    check_note(comment, "The comment")
    contribution = contribution_for_verdict(contribution, verifier)
    record_verdict(contribution, verifier, Verification.Outcome.SENT_BACK, comment)
    contribution_sent_back.send(sender=Contribution, contribution_id=contribution.pk)
    return contribution


def _checked_values(hours, micro_improvements) -> tuple[Decimal, int]:
    try:
        hours = Decimal(str(hours))
        count = int(micro_improvements)
    except (InvalidOperation, TypeError, ValueError):
        raise Invalid("Give the hours as a number and micro-improvements as a whole number.") \
            from None
    check_figures(hours, count)
    return hours, count


@transaction.atomic
def contribution_resubmit(
    *, contribution: Contribution, volunteer: User, hours, micro_improvements: int, note: str,
) -> Resubmission:
    """The contributor answers a send-back: corrected figures and what they changed.

    The contribution goes back to the peers as RESUBMITTED (not counted until verified).
    """
    note = (note or "").strip()
    check_note(note, "Your answer")
    hours, count = _checked_values(hours, micro_improvements)
    contribution = Contribution.objects.select_for_update().select_related(
        "claim__role"
    ).get(pk=contribution.pk)
    if contribution.claim.volunteer_id != volunteer.pk:
        raise NotAllowed("Only the person who logged this contribution can resubmit it.")
    if contribution.status != Contribution.Status.SENT_BACK:
        raise InvalidState("Only a contribution sent back for changes can be resubmitted.")
    if not note:
        raise Invalid("Answer the comment: say what you changed (or why it stays as it is).")
    resubmission = Resubmission.objects.create(
        organization_id=contribution.organization_id, contribution=contribution,
        author=volunteer, note=note, hours_before=contribution.hours, hours_after=hours,
    )
    contribution.hours, contribution.micro_improvements = hours, count
    contribution.status = Contribution.Status.RESUBMITTED
    contribution.save(update_fields=["hours", "micro_improvements", "status", "updated_at"])
    Claim.objects.filter(pk=contribution.claim_id).update(
        last_activity_at=timezone.now(), reminded_at=None
    )
    send_progress(contribution.claim.role)
    return resubmission


@transaction.atomic
def contributions_send_back(*, contributions: QuerySet, comment: str, actor) -> int:
    """The admin's bulk action: send each selected contribution back, or none."""
    return each(contributions, lambda c: contribution_send_back(
        contribution=c, verifier=actor, comment=comment))
