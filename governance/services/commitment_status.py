"""Commitment status, computed set-based from the data, and reminders before due dates.

One GROUP BY query per commitment gives every bound member organization's figures; the
results are upserted into `CommitmentStatus`, which pages and the API read (never raw rows).

Rules (hand-checked in tests/governance/test_commitment_status.py):
- monthly report: the report for a month is due on its last day. Kept when the member has a
  contribution (in the region, if one is set) dated this month; overdue when last month was in
  force and had none; otherwise due by the end of this month.
- verify within N days: the deadline is N days after the oldest contribution still waiting for
  verification. Overdue past it; due when it is `remind_days_before` days away or closer;
  kept otherwise (no backlog, or a young one).
- marked: kept once its owner marks it; overdue after its due date; due before.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from governance.models import Commitment, CommitmentStatus
from initiatives.models import CollectiveMembership
from people.mail import send_templated
from people.models import Membership, User
from roles.models import Contribution

log = logging.getLogger(__name__)
State = CommitmentStatus.State
Detail = CommitmentStatus.Detail


def bound_org_ids(commitment: Commitment) -> list[int]:
    """Its owner, or every active member organization when it has none."""
    if commitment.owner_id:
        return [commitment.owner_id]
    return list(CollectiveMembership.objects.filter(
        collective_id=commitment.collective_id, status=CollectiveMembership.Status.ACTIVE,
    ).values_list("organization_id", flat=True))


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _collective_work(commitment: Commitment, org_ids: list[int]):
    return Contribution.objects.filter(
        organization_id__in=org_ids,
        claim__role__initiative__collective_id=commitment.collective_id,
    ).exclude(status=Contribution.Status.SENT_BACK)


def _monthly(commitment: Commitment, org_ids: list[int], today: dt.date) -> dict:
    month_start = today.replace(day=1)
    prev_end = month_start - dt.timedelta(days=1)
    work = _collective_work(commitment, org_ids).filter(
        date__gte=prev_end.replace(day=1), date__lte=today)
    if commitment.region_id:
        r = commitment.region_id
        work = work.filter(Q(region_id=r) | Q(region__parent_id=r) | Q(region__parent__parent_id=r))
    counts = {row["organization_id"]: row for row in work.values("organization_id").annotate(
        this=Count("id", filter=Q(date__gte=month_start)),
        prev=Count("id", filter=Q(date__lt=month_start)))}
    prev_in_force = commitment.starts_on <= prev_end
    result = {}
    for org in org_ids:
        row = counts.get(org, {"this": 0, "prev": 0})
        if row["this"]:
            result[org] = (State.KEPT, _month_end(today),
                           (Detail.MONTH_REPORTED, {"n": row["this"], "month": f"{today:%Y-%m}"}))
        elif prev_in_force and not row["prev"]:
            result[org] = (State.OVERDUE, prev_end,
                           (Detail.MONTH_MISSED, {"month": f"{prev_end:%Y-%m}"}))
        else:
            result[org] = (State.DUE, _month_end(today),
                           (Detail.MONTH_PENDING, {"month": f"{today:%Y-%m}"}))
    return result


def _verification(commitment: Commitment, org_ids: list[int], today: dt.date) -> dict:
    waiting = {row["organization_id"]: row for row in _collective_work(commitment, org_ids)
               .filter(status__in=Contribution.AWAITING_PEER)
               .values("organization_id").annotate(oldest=Min("created_at"), n=Count("id"))}
    result = {}
    for org in org_ids:
        row = waiting.get(org)
        if row is None:
            result[org] = (State.KEPT, None, (Detail.NONE_WAITING, {}))
            continue
        deadline = timezone.localdate(row["oldest"]) + dt.timedelta(days=commitment.limit_days)
        detail = (Detail.WAITING, {"n": row["n"], "date": deadline.isoformat()})
        if today > deadline:
            state = State.OVERDUE
        elif (deadline - today).days <= commitment.remind_days_before:
            state = State.DUE
        else:
            state = State.KEPT
        result[org] = (state, deadline, detail)
    return result


def _marked(commitment: Commitment, org_ids: list[int], today: dt.date) -> dict:
    marked = dict(CommitmentStatus.objects.filter(
        commitment=commitment, organization_id__in=org_ids, marked_kept_at__isnull=False,
    ).values_list("organization_id", "marked_kept_at"))
    result = {}
    for org in org_ids:
        if org in marked:
            on = timezone.localdate(marked[org]).isoformat()
            result[org] = (State.KEPT, commitment.due_on, (Detail.MARKED_KEPT, {"date": on}))
        elif today > commitment.due_on:
            result[org] = (State.OVERDUE, commitment.due_on, (Detail.NOT_MARKED_LATE, {}))
        else:
            result[org] = (State.DUE, commitment.due_on, (Detail.NOT_MARKED, {}))
    return result


RULES = {Commitment.Kind.MONTHLY_REPORT: _monthly, Commitment.Kind.VERIFY_WITHIN: _verification,
         Commitment.Kind.MARKED: _marked}


def compute(commitment: Commitment, today: dt.date | None = None) -> dict[int, tuple]:
    """{organization id: (state, due date, (detail code, its figures))} for every bound
    organization; `CommitmentStatus.detail` writes the sentence in the reader's language."""
    today = today or timezone.localdate()
    return RULES[commitment.kind](commitment, bound_org_ids(commitment), today)


@transaction.atomic
def refresh_commitment(commitment: Commitment, today: dt.date | None = None) -> int:
    """Upsert the statuses of one commitment. Idempotent: the same data give the same rows."""
    states = compute(commitment, today)
    now = timezone.now()
    rows = [CommitmentStatus(commitment=commitment, organization_id=org, state=state,
                             due_on=due, detail_code=code, detail_params=params,
                             computed_at=now)
            for org, (state, due, (code, params)) in states.items()]
    CommitmentStatus.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["commitment", "organization"],
        update_fields=["state", "due_on", "detail_code", "detail_params", "computed_at"])
    # An organization that left the collective is no longer held to it.
    CommitmentStatus.objects.filter(commitment=commitment).exclude(
        organization_id__in=list(states)).delete()
    return len(rows)


def refresh_all(today: dt.date | None = None) -> int:
    total = 0
    for commitment in Commitment.objects.all():
        total += refresh_commitment(commitment, today)
    return total


def _send_reminder(status: CommitmentStatus) -> None:
    recipients = User.objects.filter(
        memberships__organization_id=status.organization_id,
        memberships__level__in=Membership.MANAGING, is_active=True).distinct()
    c = status.commitment
    context = {"commitment": c, "due_on": status.due_on, "organization": status.organization,
               "status": status,
               "url": f"{settings.SITE_URL}/collectives/{c.collective.slug}/accountability/"}
    send_templated("governance/email/commitment_reminder", context, recipients)


def send_reminders(today: dt.date | None = None) -> int:
    """E-mail each member organization's orchestrators once per due date, before it passes.

    Idempotent: a conditional UPDATE claims the reminder; if the e-mail fails, the
    transaction rolls the claim back and the next run tries again.
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(
        Commitment.objects.values_list("remind_days_before", flat=True), default=0))
    candidates = CommitmentStatus.objects.filter(
        state=State.DUE, due_on__gte=today, due_on__lte=horizon,
    ).select_related("commitment__collective", "organization")
    sent = 0
    for status in candidates:  # only rows falling due soon: each one is an e-mail anyway
        if (status.due_on - today).days > status.commitment.remind_days_before:
            continue
        with transaction.atomic():
            claimed = CommitmentStatus.objects.filter(pk=status.pk).exclude(
                reminded_for=status.due_on).update(reminded_for=status.due_on)
            if claimed:
                _send_reminder(status)
                sent += 1
    return sent
