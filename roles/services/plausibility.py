"""Plausibility of a report: refused above a bound, held for review when far above the usual.

- Bounds (refused with a sentence naming them): `limits.MAX_MICRO_IMPROVEMENTS` per
  contribution (the setting), and each indicator's optional `max_per_report`
  (`roles.services.contributions`).
- Held for review: a value more than `OUTLIER_FACTOR` × the `OUTLIER_PERCENTILE`th percentile
  (nearest rank) of the same figure in the initiative's *verified* reports, once there are at
  least `OUTLIER_MIN_REPORTS` of them. A percentile of 0 compares as 1 (so, with the defaults,
  up to 10 is never held). Held work counts nowhere and is in no peer's queue; an orchestrator
  confirms it in the admin (`contribution_hold_confirm`) or sends it back.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from initiatives.models import Indicator
from people.audit import Type
from people.models import User
from roles import limits
from roles.models import Contribution, IndicatorValue, Verification
from roles.services.common import each, manager_decides


def _percentile(values: QuerySet) -> Decimal | None:
    """Nearest-rank percentile of a one-column queryset (two queries), or None when there are
    too few values to say what is usual."""
    n = values.count()
    if n < limits.OUTLIER_MIN_REPORTS:
        return None
    rank = math.ceil(limits.OUTLIER_PERCENTILE * n / 100)
    return Decimal(values.order_by(*values.query.values_select)[rank - 1])


def _far_above(value, usual: Decimal | None) -> bool:
    return usual is not None and Decimal(value) > limits.OUTLIER_FACTOR * max(usual, Decimal(1))


def usual_micro_improvements(initiative_id: int) -> Decimal | None:
    return _percentile(Contribution.objects.filter(
        status__in=Contribution.COUNTED, claim__role__initiative_id=initiative_id,
    ).values_list("micro_improvements", flat=True))


def usual_indicator_value(indicator_id: int, initiative_id: int) -> Decimal | None:
    return _percentile(IndicatorValue.objects.filter(
        indicator_id=indicator_id, contribution__status__in=Contribution.COUNTED,
        contribution__claim__role__initiative_id=initiative_id,
    ).values_list("value", flat=True))


def hold_reason(contribution: Contribution, reports: list[IndicatorValue]) -> str:
    """Why the contribution is far above the usual ("" when it is not)."""
    initiative_id = contribution.claim.role.initiative_id
    reasons = []
    if contribution.micro_improvements:
        usual = usual_micro_improvements(initiative_id)
        if _far_above(contribution.micro_improvements, usual):
            reasons.append(f"{contribution.micro_improvements:,} micro-improvements is more than "
                           f"{limits.OUTLIER_FACTOR}× the usual report here ({usual:,.0f})")
    for report in reports:
        if report.indicator.aggregation == Indicator.Aggregation.DISTINCT:
            continue  # one per thing named; bounded by INDICATOR_KEYS_MAX
        usual = usual_indicator_value(report.indicator_id, initiative_id)
        if _far_above(report.value, usual):
            reasons.append(f"{report.value.normalize():,f} for “{report.indicator.name}” is more "
                           f"than {limits.OUTLIER_FACTOR}× the usual report here "
                           f"({usual.normalize():,f} {report.indicator.unit})")
    if not reasons:
        return ""
    return ("Held for review: " + "; ".join(reasons) + ". It counts nowhere until an "
            "orchestrator of the initiative confirms it.")


def hold_if_far_above(contribution: Contribution, reports: list[IndicatorValue]) -> None:
    """Inside the caller's transaction: hold the contribution when a value is far above the
    usual (status HELD with the reason the volunteer reads)."""
    reason = hold_reason(contribution, reports)
    if reason:
        contribution.status, contribution.held_reason = Contribution.Status.HELD, reason
        contribution.save(update_fields=["status", "held_reason", "updated_at"])


@transaction.atomic
def contribution_hold_confirm(*, contribution: Contribution, actor: User,
                              comment: str = "") -> Contribution:
    """An orchestrator looked at a held report and confirms it: it is verified (by them) and
    counts from now on. Recorded as a Verification and in the audit log."""
    return manager_decides(
        contribution, actor=actor, expected=Contribution.Status.HELD,
        refusal="Only a report held for review can be confirmed.",
        becomes=Contribution.Status.VERIFIED, outcome=Verification.Outcome.VERIFIED,
        comment=comment or (lambda c: f"Confirmed after review. {c.held_reason}"[:limits.NOTE_MAX]),
        event=Type.HOLD_CONFIRMED)


@transaction.atomic
def contributions_hold_confirm(*, contributions: QuerySet, actor) -> int:
    """The admin's action: confirm each selected held report, or none."""
    return each(contributions, lambda c: contribution_hold_confirm(contribution=c, actor=actor))
