"""The per-write roll-up: one initiative changed; the scope rows above it follow by deltas.

Zulip's analytics (`analytics/lib/counts.py`, FillState) keeps its fills safe to rerun by
recomputing a bounded slice from the raw rows and writing the slice whole. Here the slice is
the changed initiative, under a lock on its row:

1. The initiative's own rows (`InitiativeProgress`; its `ScopeTotal`, `DailyTotal` and
   `LeadershipMeasure` rows) are recomputed from its raw rows — one initiative, cheap — and
   compared with what they held: the differences are the deltas of this write, whatever
   status change made them (submit, verify, send back, resubmit, retract, hold/confirm,
   claim, release…).
2. Additive figures (`ADDITIVE`, `DAY_ADDITIVE`, `REGION_ADDITIVE`) of the scopes above it —
   its organization (ALL, and PUBLIC when open data) and its collective (open data) — move by
   those deltas, per scope and per changed day; the collective's region totals move by the
   differences of its region days, which are rewritten for the changed days only.
3. Non-additive figures — distinct volunteers (per scope, per changed day, per touched
   region), Gini, top-10 % and the other leadership measures, indicator totals (distinct and
   latest) — are recomputed for the touched scopes, days and regions only.

A rerun or a duplicate delivery finds no difference in step 1 and moves nothing. A scope row
that does not exist yet is computed whole once (`incremental.rollup_scope`). The full
recompute (`full.py`, the beat reconciliation) proves this path right: a test drives random
transitions through the services and checks these tables equal a full recompute. Changes
that are not a write of the initiative's work — publishing or unpublishing it, moving it to
another collective — are left to that reconciliation.

A new additive column is one line: add its name to the tuple of its table below.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F

from dashboards.models import (
    Audience,
    DailyTotal,
    InitiativeProgress,
    Kind,
    RegionDay,
    RegionTotal,
    ScopeTotal,
    VolunteerDay,
)
from dashboards.selectors import figures
from dashboards.selectors.figures import Scope
from dashboards.services import incremental, indicators, milestones
from initiatives.access import open_data_q
from initiatives.models import Collective, Initiative
from roles.models import Claim

# Figures that add up from initiatives to their scopes (ScopeTotal = sum of InitiativeProgress).
ADDITIVE = ("contributions", "hours", "micro_improvements", "awaiting_contributions",
            "awaiting_micro_improvements", "active_claims", "completed_claims",
            "verified_claims", "roles_open", "roles_filled")
CLAIM_FIGURES = ("active_claims", "completed_claims", "verified_claims")
# Figures of a day (DailyTotal) and of a collective's region day (RegionDay, RegionTotal).
DAY_ADDITIVE = ("contributions", "hours", "micro_improvements")
REGION_ADDITIVE = ("contributions", "hours", "micro_improvements")


def _figures(row, names) -> dict:
    return {n: getattr(row, n) for n in names} if row is not None else dict.fromkeys(names, 0)


def _diff(new: dict, old: dict) -> dict:
    """Only the figures that moved, as new − old."""
    return {k: v - old.get(k, 0) for k, v in new.items() if v != old.get(k, 0)}


def _where(scope: Scope) -> dict:
    kind, scope_id, audience = scope
    return {"kind": kind, "scope_id": scope_id, "audience": audience}


def _days(scope: Scope) -> dict:
    return {r.pop("day"): r for r in
            DailyTotal.objects.filter(**_where(scope)).values("day", *DAY_ADDITIVE)}


def upper_scopes(initiative: dict, is_open: bool) -> list[Scope]:
    """The scopes above an initiative whose rows count it."""
    org, col = initiative["organization_id"], initiative["collective_id"]
    scopes = [(Kind.ORGANIZATION, org, Audience.ALL)]
    if is_open:
        scopes.append((Kind.ORGANIZATION, org, Audience.PUBLIC))
        if col:
            scopes.append((Kind.COLLECTIVE, col, Audience.PUBLIC))
    return scopes


@transaction.atomic
def apply_initiative(*, initiative_id: int) -> list[int]:
    """Roll one initiative's change up to every table; returns new milestone ids to announce."""
    initiative = (Initiative.objects.select_for_update(no_key=True).filter(pk=initiative_id)
                  .values("id", "organization_id", "collective_id").first())
    if initiative is None:
        return []
    own = (Kind.INITIATIVE, initiative_id, Audience.ALL)
    old = _figures(InitiativeProgress.objects.filter(initiative_id=initiative_id).first(),
                   ADDITIVE)
    old_days = _days(own)
    progress = incremental.rollup_initiative(initiative_id=initiative_id)
    incremental.rollup_scope(kind=own[0], scope_id=own[1], audience=own[2])
    delta = _diff(_figures(progress, ADDITIVE), old)
    new_days = _days(own)
    zero = dict.fromkeys(DAY_ADDITIVE, 0)
    day_delta = {d: moved for d in old_days.keys() | new_days.keys()
                 if (moved := _diff(new_days.get(d, zero), old_days.get(d, zero)))}
    is_open = Initiative.objects.filter(open_data_q(), pk=initiative_id).exists()
    for scope in upper_scopes(initiative, is_open):
        _apply_scope(scope, delta, day_delta)
    collective_id = initiative["collective_id"] if is_open else None
    if collective_id and day_delta:
        _apply_collective(collective_id, sorted(day_delta))
    volunteer_ids = set(Claim.objects.filter(role__initiative_id=initiative_id)
                        .values_list("volunteer_id", flat=True))
    incremental.rollup_volunteers(user_ids=volunteer_ids)
    return milestones.record_milestones(initiative_ids=[initiative_id],
                                        collective_ids=[initiative["collective_id"]],
                                        user_ids=volunteer_ids)


def _apply_scope(scope: Scope, delta: dict, day_delta: dict) -> None:
    total = ScopeTotal.objects.select_for_update().filter(**_where(scope)).first()
    if total is None:  # never rolled up: computed whole, once, from the raw rows
        incremental.rollup_scope(**_where(scope))
        return
    values = {name: getattr(total, name) + moved for name, moved in delta.items()}
    if any(name in delta for name in CLAIM_FIGURES):  # who holds a seat may have changed
        values["volunteers"] = figures.claim_totals(scope)["volunteers"]
    values["initiatives"] = Initiative.objects.filter(figures.scope_q(*scope)).count()
    values["target"] = incremental.target_of(*scope)
    incremental.set_figures(total, values)
    total.save()
    for day, moved in sorted(day_delta.items()):
        _apply_day(scope, day, moved)
    if day_delta:
        volunteers = figures.day_volunteers(scope, list(day_delta))
        for day in day_delta:
            DailyTotal.objects.filter(**_where(scope), day=day).update(
                volunteers=volunteers.get(day, 0))
    incremental.leadership_measures(scope, total, figures.role_totals(scope))


def _apply_day(scope: Scope, day, moved: dict) -> None:
    """One day's additive figures by their delta; the running total of the days after it."""
    row = DailyTotal.objects.select_for_update().filter(**_where(scope), day=day).first()
    if row is None:
        before = (DailyTotal.objects.filter(**_where(scope), day__lt=day).order_by("-day")
                  .values_list("cumulative_micro_improvements", flat=True).first())
        row = DailyTotal(**_where(scope), day=day, cumulative_micro_improvements=before or 0)
    for name, value in moved.items():
        setattr(row, name, getattr(row, name) + value)
    grew = moved.get("micro_improvements", 0)
    row.cumulative_micro_improvements += grew
    if row.contributions > 0:
        row.save()
    elif row.pk:  # no counted work left that day: the full recompute has no row either
        row.delete()
    if grew:
        DailyTotal.objects.filter(**_where(scope), day__gt=day).update(
            cumulative_micro_improvements=F("cumulative_micro_improvements") + grew)


def _apply_collective(collective_id: int, days: list) -> None:
    """The collective's region days and volunteer days of the changed days, rewritten; its
    region totals moved by their differences; distinct volunteers of the touched regions and
    the indicator totals recomputed."""
    Collective.objects.select_for_update().filter(pk=collective_id).first()
    scope = (Kind.COLLECTIVE, collective_id, Audience.PUBLIC)
    region_delta: dict[int, dict] = defaultdict(lambda: dict.fromkeys(REGION_ADDITIVE, 0))
    on_days = RegionDay.objects.filter(collective_id=collective_id, day__in=days)
    for row in on_days.values("region_id", *REGION_ADDITIVE):
        for name in REGION_ADDITIVE:
            region_delta[row["region_id"]][name] -= row[name]
    fresh = figures.region_days(scope, days)
    for row in fresh:
        for name in REGION_ADDITIVE:
            region_delta[row["rid"]][name] += row[name]
    on_days.delete()
    RegionDay.objects.bulk_create(
        RegionDay(collective_id=collective_id, region_id=r["rid"], day=r["date"],
                  **{name: r[name] for name in REGION_ADDITIVE}) for r in fresh)
    VolunteerDay.objects.filter(collective_id=collective_id, day__in=days).delete()
    VolunteerDay.objects.bulk_create(
        VolunteerDay(collective_id=collective_id, user_id=r["user_id"], day=r["date"],
                     **{name: r[name] for name in REGION_ADDITIVE})
        for r in figures.volunteer_days(scope, days))
    touched = {rid: moved for rid, moved in region_delta.items() if any(moved.values())}
    if touched:
        _apply_regions(scope, touched)
    indicators.rollup_collective_indicators(collective_id=collective_id)


def _apply_regions(scope: Scope, touched: dict) -> None:
    collective_id = scope[1]
    rows = {r.region_id: r for r in RegionTotal.objects.select_for_update().filter(
        collective_id=collective_id, region_id__in=touched)}
    fresh = {r["rid"]: r for r in figures.region_totals(scope, regions=list(touched))}
    for rid, moved in touched.items():
        row = rows.get(rid)
        if rid not in fresh:  # no counted work left in the region
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = RegionTotal(collective_id=collective_id, region_id=rid,
                              parent_id=fresh[rid]["pid"], level=fresh[rid]["level"])
        for name, value in moved.items():
            setattr(row, name, getattr(row, name) + value)
        row.volunteers = fresh[rid]["volunteers"]  # distinct: recomputed, never added
        row.save()
