"""Verifying a peer's work: a completed claim (role-based figures), or a contribution (then
it counts, see `Contribution.COUNTED`); an orchestrator's retraction of verified work. Who may
verify is `roles.selectors.verification.may_verify_q`, the one definition the queue on /me/
reads too; sending work back is `feedback`, held reports are `plausibility`."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import Invalid, InvalidState, NotAllowed
from people import access
from people.audit import Type as AuditType
from people.audit import audit_record
from people.models import User
from roles.models import Claim, Contribution, Verification
from roles.selectors.verification import can_verify, verifier_marks
from roles.services.common import (
    check_note,
    each,
    lock_verifier_pair,
    manager_decides,
    send_claim_changed,
    send_progress,
)

NOT_A_PEER = ("Only an orchestrator of the organization, the volunteer's mentor, or a peer "
              "with verified work of their own in this initiative can judge this work — never "
              "the person who did it, and a peer at most "
              f"{settings.VERIFY_PAIR_WEEKLY_MAX} times a week for the same volunteer.")
HELD_FOR_ORCHESTRATORS = ("This report is held for review: only an orchestrator of the "
                          "organization can confirm it (in the admin) or send it back.")


@transaction.atomic
def claim_verify(*, claim: Claim, verifier: User, comment: str = "") -> Claim:
    check_note(comment, gettext_noop("The comment"))
    claim = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    lock_verifier_pair(verifier.pk, claim.volunteer_id)  # the weekly bound under a race
    if not can_verify(verifier=verifier, claim=claim):
        raise NotAllowed(NOT_A_PEER)
    if claim.status != Claim.Status.COMPLETED:
        raise InvalidState(gettext("Only a completed claim can be verified."))
    claim.status = Claim.Status.VERIFIED
    claim.verified_at = timezone.now()
    claim.save(update_fields=["status", "verified_at"])
    send_claim_changed(claim)
    Verification.objects.create(
        organization_id=claim.organization_id, verifier=verifier, claim=claim, comment=comment,
        **verifier_marks(verifier=verifier, claim=claim),
    )
    send_progress(claim.role)
    return claim


def contribution_for_verdict(contribution: Contribution, verifier: User) -> Contribution:
    """Lock the contribution and check that this verifier may judge it now (verify or send
    back): a peer (`can_verify`), and the work is waiting for a peer (submitted/resubmitted)."""
    contribution = Contribution.objects.select_for_update().select_related(
        "claim__role"
    ).get(pk=contribution.pk)
    lock_verifier_pair(verifier.pk, contribution.claim.volunteer_id)  # the weekly bound
    if not can_verify(verifier=verifier, claim=contribution.claim):
        raise NotAllowed(NOT_A_PEER)
    if contribution.status == Contribution.Status.VERIFIED:
        raise InvalidState(gettext("This contribution is verified already."))
    if contribution.status == Contribution.Status.SENT_BACK:
        raise InvalidState(gettext("This contribution was sent back for changes; it can be judged "
                           "again once the contributor resubmits it."))
    if (contribution.status == Contribution.Status.HELD
            and not access.may_manage(verifier, contribution.organization_id)):
        raise InvalidState(HELD_FOR_ORCHESTRATORS)
    return contribution


@transaction.atomic
def contribution_verify(
    *, contribution: Contribution, verifier: User, comment: str = ""
) -> Contribution:
    """Verify submitted or resubmitted work; from now on it counts (see Contribution.COUNTED)."""
    check_note(comment, gettext_noop("The comment"))
    contribution = contribution_for_verdict(contribution, verifier)
    record_verdict(contribution, verifier, Verification.Outcome.VERIFIED, comment)
    return contribution


def record_verdict(contribution: Contribution, verifier: User, outcome: str,
                   comment: str) -> Verification:
    """A peer's verdict on a contribution locked by `contribution_for_verdict`: the
    contribution's new status, the Verification row with its marks, and the progress signal
    (verified work counts from now on; sent-back work no longer does)."""
    contribution.status = (Contribution.Status.VERIFIED if outcome == Verification.Outcome.VERIFIED
                           else Contribution.Status.SENT_BACK)
    contribution.save(update_fields=["status", "updated_at"])
    verdict = Verification.objects.create(
        organization_id=contribution.organization_id, verifier=verifier,
        contribution=contribution, outcome=outcome, comment=comment,
        **verifier_marks(verifier=verifier, claim=contribution.claim),
    )
    if (outcome == Verification.Outcome.VERIFIED
            and access.may_manage(verifier, contribution.organization_id)):
        # Orchestrators are not bounded per week: their verifications are audited instead.
        audit_record(event_type=AuditType.WORK_VERIFIED, actor=verifier,
                     organization=contribution.organization_id,
                     details={"contribution": contribution.pk,
                              "volunteer": contribution.claim.volunteer_id})
    send_progress(contribution.claim.role)
    return verdict


@transaction.atomic
def contribution_retract(*, contribution: Contribution, actor: User,
                         reason: str) -> Contribution:
    """An orchestrator takes back a verified contribution: it counts nowhere from now on and
    goes back to the volunteer as sent back, who may correct and resubmit it. The reason is
    kept with the contribution (a RETRACTED verification) and in the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(gettext("Give the reason for the retraction: the volunteer reads it."))
    check_note(reason, gettext_noop("The reason"))
    return manager_decides(
        contribution, actor=actor, expected=Contribution.Status.VERIFIED,
        refusal="Only verified work can be retracted.", becomes=Contribution.Status.SENT_BACK,
        outcome=Verification.Outcome.RETRACTED, comment=reason, event=AuditType.WORK_RETRACTED)


@transaction.atomic
def contributions_verify(*, contributions: QuerySet, actor) -> int:
    """The admin's bulk action: verify each selected contribution, or none."""
    return each(contributions,
                lambda c: contribution_verify(contribution=c, verifier=actor))


@transaction.atomic
def contributions_retract(*, contributions: QuerySet, reason: str, actor) -> int:
    """The admin's bulk action: retract each selected verified contribution, or none."""
    return each(contributions, lambda c: contribution_retract(
        contribution=c, actor=actor, reason=reason))
