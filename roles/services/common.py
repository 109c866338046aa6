"""What every roles service shares: the domain signals it sends, its checks of free text, the
claim fetched for a change by its holder, and the all-or-nothing loop of the admin's bulk
actions."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import DomainError, Invalid, InvalidState, NotAllowed
from people import access
from people.audit import audit_record
from people.models import User
from roles import limits
from roles.models import Claim, Contribution, Role, Verification
from roles.signals import claim_changed, progress_changed


def send_progress(role: Role) -> None:
    """Progress figures of the role's initiative may have changed (dashboards listen)."""
    progress_changed.send(
        sender=Role, organization_id=role.organization_id, initiative_id=role.initiative_id
    )


def send_claim_changed(claim: Claim, *, created: bool = False, touch: bool = True) -> None:
    """Every service that creates a claim or changes its status says so (webhooks listen).
    `touch=False` when the seat counter's UPDATE moves the role's `updated_at` instead."""
    claim_changed.send(sender=Claim, claim_id=claim.pk, organization_id=claim.organization_id,
                       status=claim.status, created=created)
    if touch:
        Role.objects.filter(pk=claim.role_id).touch()  # seats left changed


def reject_nul(*texts: str) -> None:
    # hardening: PostgreSQL cannot store NUL in text; say so instead of failing with a 500.
    if any("\x00" in (text or "") for text in texts):
        raise Invalid(gettext("The text contains a NUL character (\\x00); remove it and try "
                              "again."))


def check_note(text: str, what: str = gettext_noop("The note")) -> None:
    """Free text a person writes (note, comment, reason): no NUL, at most limits.NOTE_MAX."""
    reject_nul(text)
    if len(text or "") > limits.NOTE_MAX:
        raise Invalid(gettext("%(what)s may have %(limit)s.")
                      % {"what": gettext(what), "limit": limits.NOTE_TOO_LONG})


def in_status(claim: Claim, *statuses: str) -> Claim:
    if claim.status not in statuses:
        raise InvalidState(gettext("This claim is %(status)s already.")
                           % {"status": claim.get_status_display().lower()})
    return claim


def own_claim_for_update(claim: Claim, volunteer: User, *statuses: str) -> Claim:
    """Lock the claim for a change only its holder may make, in one of `statuses`."""
    claim = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    if claim.volunteer_id != volunteer.pk:
        raise NotAllowed(gettext("Only the person holding this role can do that."))
    return in_status(claim, *statuses)


def each(rows: QuerySet, change: Callable) -> int:
    """Apply `change` to every row (in id order) inside the caller's transaction: a bulk
    action applies to every selected row or, when one is refused, to none — the message
    names the row that was refused."""
    done = 0
    for row in rows.order_by("pk"):
        try:
            change(row)
        except DomainError as exc:
            raise type(exc)(f"{row}: {exc.message}") from None
        done += 1
    return done


def manager_decides(contribution, *, actor: User, expected: str, refusal: str, becomes: str,
                    outcome: str, comment, event: str):
    """An orchestrator moves one contribution from `expected` to `becomes` (confirming a held
    report, retracting verified work): locked, manager-checked, kept as a Verification with
    `outcome` and in the audit log, and the roll-ups told. `comment` may be a function of the
    locked row."""
    contribution = Contribution.objects.select_for_update().select_related(
        "claim__role").get(pk=contribution.pk)
    access.require_manager(actor, contribution.organization_id)
    if contribution.status != expected:
        raise InvalidState(refusal)
    contribution.status = becomes
    contribution.save(update_fields=["status", "updated_at"])
    Verification.objects.create(
        organization_id=contribution.organization_id, verifier=actor, contribution=contribution,
        outcome=outcome, comment=comment(contribution) if callable(comment) else comment)
    audit_record(event_type=event, actor=actor, organization=contribution.organization_id,
                 details={"contribution": contribution.pk})
    send_progress(contribution.claim.role)
    return contribution


# The namespace of the (verifier, volunteer) advisory locks (any fixed 32-bit number).
_PAIR_LOCKS = 16_007


def lock_verifier_pair(verifier_id: int, volunteer_id: int) -> None:
    """Serialize verdicts of one verifier on one volunteer's work until the transaction ends,
    so the weekly bound (`VERIFY_PAIR_WEEKLY_MAX`, counted by `may_verify_q`) holds even when
    two verifications race: the second one counts after the first committed. A PostgreSQL
    transaction-level advisory lock (SQLite serializes writers anyway)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                       [_PAIR_LOCKS, f"{verifier_id}:{volunteer_id}"])
