"""Feedback that reaches the contributor: a peer sends work back with a comment, the
contributor answers and resubmits, a peer verifies it. The exchange (Verification rows with
outcome SENT_BACK/VERIFIED and Resubmission rows) stays with the contribution.

Counting: only verified work counts (`Contribution.COUNTED`); sent-back work counts nowhere,
resubmitted work waits for a peer again; each step sends `progress_changed` so the roll-ups
follow.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import Invalid, InvalidState, NotAllowed
from people.models import User
from roles.models import Claim, Contribution, Resubmission, Verification
from roles.services import evidence
from roles.services.common import check_note, each, send_progress
from roles.services.contributions import (
    check_figures,
    checked_evidence,
    indicator_reports_write,
)
from roles.services.plausibility import hold_if_far_above
from roles.services.verification import contribution_for_verdict, record_verdict
from roles.signals import contribution_sent_back

KEEP = object()  # resubmit: leave the region as it is


@transaction.atomic
def contribution_send_back(
    *, contribution: Contribution, verifier: User, comment: str
) -> Contribution:
    """A peer asks for changes. The comment is required: it is what the contributor reads."""
    comment = (comment or "").strip()
    if not comment:
        raise Invalid(gettext("Say what needs to change: the contributor reads your comment."))
    check_note(comment, gettext_noop("The comment"))
    contribution = contribution_for_verdict(contribution, verifier)
    record_verdict(contribution, verifier, Verification.Outcome.SENT_BACK, comment)
    contribution_sent_back.send(sender=Contribution, contribution_id=contribution.pk)
    return contribution


def _checked_values(hours, micro_improvements) -> tuple[Decimal, int]:
    try:
        hours = Decimal(str(hours))
        count = int(micro_improvements)
    except (InvalidOperation, TypeError, ValueError):
        raise Invalid(gettext("Give the hours as a number and micro-improvements as a whole "
                              "number.")) \
            from None
    check_figures(hours, count)
    return hours, count


@transaction.atomic
def contribution_resubmit(
    *, contribution: Contribution, volunteer: User, hours, micro_improvements: int, note: str,
    region=KEEP, indicators=None, evidence_url=None, evidence_image=None,
    remove_evidence_image: bool = False,
) -> Resubmission:
    """The contributor answers a send-back: what they changed, and the corrected contribution
    in full — hours, micro-improvements, and (when given) region, indicator reports (they
    replace the old ones; `[]` removes them), evidence link and evidence picture (a new one
    replaces the old; `remove_evidence_image` drops it).

    The contribution goes back to the peers as RESUBMITTED (not counted until verified), or
    is held for review when a corrected value is far above the usual (`plausibility`).
    """
    note = (note or "").strip()
    check_note(note, gettext_noop("Your answer"))
    hours, count = _checked_values(hours, micro_improvements)
    if evidence_url is not None:
        evidence_url = checked_evidence(evidence_url)
    picture = evidence.checked_picture(evidence_image)
    contribution = Contribution.objects.select_for_update().select_related(
        "claim__role"
    ).get(pk=contribution.pk)
    if contribution.claim.volunteer_id != volunteer.pk:
        raise NotAllowed(gettext("Only the person who logged this contribution can resubmit it."))
    if contribution.status != Contribution.Status.SENT_BACK:
        raise InvalidState(gettext("Only a contribution sent back for changes can be resubmitted."))
    if not note:
        raise Invalid(gettext("Answer the comment: say what you changed (or why it stays as it "
                              "is)."))
    resubmission = Resubmission.objects.create(
        organization_id=contribution.organization_id, contribution=contribution,
        author=volunteer, note=note, hours_before=contribution.hours, hours_after=hours,
    )
    contribution.hours, contribution.micro_improvements = hours, count
    if region is not KEEP:  # none chosen: the role's region, as when logging
        contribution.region = region or contribution.claim.role.region
    if evidence_url is not None:
        contribution.evidence_url = evidence_url
    contribution.status, contribution.held_reason = Contribution.Status.RESUBMITTED, ""
    contribution.save(update_fields=["hours", "micro_improvements", "region", "evidence_url",
                                     "status", "held_reason", "updated_at"])
    if indicators is not None:
        contribution.indicator_values.all().delete()
        indicator_reports_write(contribution=contribution, reports=indicators)
    reports = list(contribution.indicator_values.select_related("indicator"))
    hold_if_far_above(contribution, reports)
    evidence.attach_picture(contribution, picture, remove=remove_evidence_image)
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
