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
another collective, deleting it, a new orchestrator, an admin moving counted work to another
region on the same day — are left to that reconciliation.

A new additive column is one line: add its name to the tuple of its table below.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Sum

from dashboards.models import (
    Audience,
    DailyTotal,
    InitiativeProgress,
    Kind,
    LeadershipMeasure,
    RegionDay,
    RegionTotal,
    ScopeTotal,
    VolunteerDay,
)
from dashboards.selectors import figures, measures
from dashboards.selectors.figures import Scope
from dashboards.services import incremental, indicators, milestones
from initiatives.access import open_data_q
from initiatives.models import Collective, Initiative
from roles.models import Claim, IndicatorValue

# Figures that add up from initiatives to their scopes (ScopeTotal = sum of InitiativeProgress).
ADDITIVE = ("contributions", "hours", "micro_improvements", "awaiting_contributions",
            "awaiting_micro_improvements", "active_claims", "completed_claims",
            "verified_claims", "roles_open", "roles_filled")
CLAIM_FIGURES = ("active_claims", "completed_claims", "verified_claims")
# Figures of a day (DailyTotal) and of a collective's region day (RegionDay, RegionTotal).
PROGRESS = (*ADDITIVE, "volunteers")  # InitiativeProgress = the initiative's own ScopeTotal
# Leadership measures that add up (capabilities too, per capability, in `Change`); PEOPLE and
# the concentration figures (Gini, top-10 %) are recomputed per scope.
MEASURE_ADDITIVE = ("mentorships", "roles_total", "roles_from_proposals",
                    "pending_verifications")
PEOPLE = ("participants", "role_holders")
DAY_ADDITIVE = ("contributions", "hours", "micro_improvements", "awaiting_contributions",
                "awaiting_micro_improvements")
REGION_ADDITIVE = ("contributions", "hours", "micro_improvements")
# A region's work awaiting a peer is recomputed for the regions the write touched (RegionDay,
# whose differences move the counted figures, keeps no awaiting columns).
REGION_AWAITING = ("awaiting_contributions", "awaiting_micro_improvements")


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


@dataclass
class Change:
    """What one initiative's recompute moved: the deltas and which recomputes they call for."""

    totals: dict  # ADDITIVE figure -> delta
    days: dict  # day -> {DAY_ADDITIVE figure -> delta}
    measures: dict  # MEASURE_ADDITIVE figure -> delta
    capabilities: dict  # capability -> delta of filled roles (mentorships in "relating")
    people: bool  # participants or role holders may have changed
    hours: bool  # counted hours moved: Gini, top-10 % and verified volunteers
    scope: bool  # first roll-up of the initiative, or its goal moved: initiatives, target

    @property
    def counted(self) -> bool:
        """Counted work or claims moved (volunteers' own numbers, milestones)."""
        return self.hours or any(name in self.totals for name in (*CLAIM_FIGURES,
                                                                   "micro_improvements"))


@transaction.atomic
def apply_initiative(*, initiative_id: int) -> list[int]:
    """Roll one initiative's change up to every table; returns new milestone ids to announce."""
    initiative = (Initiative.objects.filter(pk=initiative_id)
                  .values("id", "organization_id", "collective_id").first())
    if initiative is None:
        return []
    # One roll-up of this initiative at a time: its own scope row is the lock (not the
    # initiative row, which claims read FOR SHARE: they never wait for a roll-up).
    ScopeTotal.objects.select_for_update().get_or_create(
        kind=Kind.INITIATIVE, scope_id=initiative_id, audience=Audience.ALL)
    change = _recompute_own(initiative_id)
    is_open = Initiative.objects.filter(open_data_q(), pk=initiative_id).exists()
    for scope in upper_scopes(initiative, is_open):
        _apply_scope(scope, change)
    collective_id = initiative["collective_id"] if is_open else None
    if collective_id and change.days:
        _apply_collective(collective_id, sorted(change.days), initiative_id)
    if not change.counted:  # work reported only: volunteers' numbers and milestones stay
        return []
    volunteer_ids = set(Claim.objects.filter(role__initiative_id=initiative_id)
                        .values_list("volunteer_id", flat=True))
    incremental.rollup_volunteers(user_ids=volunteer_ids)
    return milestones.record_milestones(initiative_ids=[initiative_id],
                                        collective_ids=[initiative["collective_id"]],
                                        user_ids=volunteer_ids)


def _measure(scope: Scope) -> LeadershipMeasure | None:
    return LeadershipMeasure.objects.filter(**_where(scope)).first()


def _recompute_own(initiative_id: int) -> Change:
    """The initiative's own rows from its raw rows; the differences they show."""
    own = (Kind.INITIATIVE, initiative_id, Audience.ALL)
    progress = InitiativeProgress.objects.filter(initiative_id=initiative_id).first()
    old, old_days, old_measure = _figures(progress, ADDITIVE), _days(own), _measure(own)
    old_target = (ScopeTotal.objects.filter(**_where(own))
                  .values_list("target", flat=True).first())
    total = incremental.rollup_scope(kind=own[0], scope_id=own[1], audience=own[2])
    first = progress is None
    if first:
        progress = InitiativeProgress(initiative_id=initiative_id)
    incremental.set_figures(progress, _figures(total, PROGRESS))  # the same figures
    progress.save()
    new_days, new_measure = _days(own), _measure(own)
    zero = dict.fromkeys(DAY_ADDITIVE, 0)
    old_caps = old_measure.capabilities if old_measure else {}
    caps = {k: moved for k in old_caps.keys() | new_measure.capabilities.keys()
            if (moved := new_measure.capabilities.get(k, 0) - old_caps.get(k, 0))}
    totals = _diff(_figures(total, ADDITIVE), old)
    return Change(
        totals=totals,
        days={d: moved for d in old_days.keys() | new_days.keys()
              if (moved := _diff(new_days.get(d, zero), old_days.get(d, zero)))},
        measures=_diff(_figures(new_measure, MEASURE_ADDITIVE),
                       _figures(old_measure, MEASURE_ADDITIVE)),
        capabilities=caps,
        people=(old_measure is None or any(name in totals for name in CLAIM_FIGURES)
                or _figures(new_measure, PEOPLE) != _figures(old_measure, PEOPLE)),
        hours=any(name in totals for name in ("contributions", "hours")),
        scope=first or old_target != total.target,
    )


def _apply_scope(scope: Scope, change: Change) -> None:
    total = ScopeTotal.objects.select_for_update().filter(**_where(scope)).first()
    measure = LeadershipMeasure.objects.select_for_update().filter(**_where(scope)).first()
    if total is None or measure is None:  # never rolled up: computed whole, once
        incremental.rollup_scope(**_where(scope))
        return
    values = {name: getattr(total, name) + moved for name, moved in change.totals.items()}
    if change.people:  # who holds a seat may have changed
        values["volunteers"] = figures.claim_totals(scope)["volunteers"]
    if change.scope:
        values.update(_initiatives(scope))
    incremental.set_figures(total, values)
    total.save()
    for day, moved in sorted(change.days.items()):
        _apply_day(scope, day, moved)
    if change.days:
        volunteers = figures.day_volunteers(scope, list(change.days))
        for day in change.days:
            DailyTotal.objects.filter(**_where(scope), day=day).update(
                volunteers=volunteers.get(day, 0))
    _apply_measures(scope, measure, total, change)


def _initiatives(scope: Scope) -> dict:
    """How many initiatives the scope counts, and its target (one query)."""
    kind, scope_id, audience = scope
    got = Initiative.objects.filter(figures.scope_q(*scope)).aggregate(
        initiatives=Count("id"), target=Sum("goal_target"))
    if kind == Kind.COLLECTIVE:
        got["target"] = incremental.target_of(*scope)
    return {"initiatives": got["initiatives"], "target": got["target"] or 0}


def _apply_measures(scope: Scope, row: LeadershipMeasure, total: ScopeTotal,
                    change: Change) -> None:
    """Leadership measures: sums by deltas; distinct people, Gini and top-10 % recomputed for
    this scope when their inputs moved (the orchestrators count follows memberships, which
    the reconciliation takes up)."""
    for name, moved in change.measures.items():
        setattr(row, name, getattr(row, name) + moved)
    caps = dict(row.capabilities)
    for capability, moved in change.capabilities.items():
        caps[capability] = caps.get(capability, 0) + moved
    row.capabilities = {k: v for k, v in sorted(caps.items()) if v}
    row.completed_work = total.completed_claims + total.verified_claims
    row.peer_verified_work, row.open_roles = total.verified_claims, total.roles_open
    if change.people:
        for name, value in measures.participation(scope).items():
            setattr(row, name, value)
        if scope[0] == Kind.COLLECTIVE:
            row.boundary_spanners = measures.boundary_spanners(scope)
    if change.hours:
        for name, value in measures.concentration(scope).items():
            setattr(row, name, value)
    row.save()


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
    if row.contributions > 0 or row.awaiting_contributions > 0:
        row.save()
    elif row.pk:  # no work left that day: the full recompute has no row either
        row.delete()
    if grew:
        DailyTotal.objects.filter(**_where(scope), day__gt=day).update(
            cumulative_micro_improvements=F("cumulative_micro_improvements") + grew)


def _apply_collective(collective_id: int, days: list, initiative_id: int) -> None:
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
    # Awaiting figures may have moved where this initiative has work now, or where a region
    # showed work awaiting a peer before (it may have been verified, sent back or held).
    awaiting_before = set(RegionTotal.objects.filter(
        collective_id=collective_id, awaiting_contributions__gt=0)
        .values_list("region_id", flat=True))
    for rid in (figures.initiative_regions(initiative_id, days) | awaiting_before) - touched.keys():
        touched[rid] = {}
    if touched:
        _apply_regions(scope, touched)
    # Indicator totals only move when the changed days hold reports of this initiative.
    if IndicatorValue.objects.filter(contribution__claim__role__initiative_id=initiative_id,
                                     contribution__date__in=days).exists():
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
        for name in ("volunteers", *REGION_AWAITING):  # recomputed, never added
            setattr(row, name, fresh[rid][name])
        row.save()
