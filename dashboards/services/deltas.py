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
   latest) — are recomputed for the touched scopes, days and regions only: the changed days'
   work read once by index (`figures.day_work`); a scope's distinct people moved by the
   differences of the touched people's rows (`scope_people.refresh`), its Gini and top-10 %
   re-ranked from those rows only when counted work moved.

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

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from dashboards.models import (
    Audience,
    DailyTotal,
    InitiativeProgress,
    Kind,
    LeadershipMeasure,
    ScopeTotal,
)
from dashboards.selectors import figures, measures
from dashboards.selectors.figures import Scope
from dashboards.services import incremental, milestones, regions, scope_people
from initiatives.access import open_data_q
from initiatives.models import Initiative
from roles.models import Claim, Contribution

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
COUNTED_DAY = regions.REGION_ADDITIVE  # a day's counted figures, as a region's
DAY_ADDITIVE = (*COUNTED_DAY, *regions.AWAITING)


def _figures(row, names) -> dict:
    return {n: getattr(row, n) for n in names} if row is not None else dict.fromkeys(names, 0)


def _diff(new: dict, old: dict) -> dict:
    """Only the figures that moved, as new − old."""
    return {k: v - old.get(k, 0) for k, v in new.items() if v != old.get(k, 0)}


def _where(scope: Scope) -> dict:
    kind, scope_id, audience = scope
    return {"kind": kind, "scope_id": scope_id, "audience": audience}


# Every figure of a DailyTotal row but its scope.
DAY_ROW = (*DAY_ADDITIVE, "volunteers", "cumulative_micro_improvements")
DAY_FIELDS = list(DAY_ROW)
# What the per-write path writes into a scope's ScopeTotal and LeadershipMeasure rows.
TOTAL_FIELDS = [*ADDITIVE, "volunteers", "initiatives", "target", "changed_at", "computed_at"]
MEASURE_FIELDS = [*MEASURE_ADDITIVE, "capabilities", "completed_work", "peer_verified_work",
                  "open_roles", *PEOPLE, "verified_volunteers", "gini", "top10_share",
                  "boundary_spanners", "computed_at"]


def _days(scope: Scope) -> dict:
    """A scope's DailyTotal rows by day (every figure: `rollup_scope` rewrites only the days
    that differ)."""
    return {r.pop("day"): r for r in
            DailyTotal.objects.filter(**_where(scope)).values("day", *DAY_ROW)}


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
    def counted_days(self) -> list:
        """The changed days whose counted work moved (on a day where only work awaiting a
        peer moved — work reported — distinct volunteers, region days, volunteer days, the
        people's counted work and the feed stay)."""
        return sorted(day for day, moved in self.days.items()
                      if any(name in moved for name in COUNTED_DAY))

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
    own, _ = ScopeTotal.objects.select_for_update().get_or_create(
        kind=Kind.INITIATIVE, scope_id=initiative_id, audience=Audience.ALL)
    change = _recompute_own(initiative_id, own)
    is_open = Initiative.objects.filter(open_data_q(), pk=initiative_id).exists()
    # The people whose rows above the initiative may have moved: those with work on the
    # changed days, and everyone of the initiative when who takes part may have changed.
    workers = (set(Contribution.objects.filter(claim__role__initiative_id=initiative_id,
                                               date__in=change.days)
                   .order_by().values_list("claim__volunteer_id", flat=True).distinct())
               if change.days else set())
    people = scope_people.people_of_initiative(initiative_id) if change.people else set()
    # A scope person's counted work moves only with counted work (not on work reported).
    touched = (workers if change.counted_days else set()) | people
    scopes = upper_scopes(initiative, is_open)
    # The counted work of the changed days in the scopes above, read once (`day_work`): their
    # distinct volunteers per day and the collective's region days.
    on_days = figures.day_work(scopes, change.counted_days)
    day_volunteers = figures.day_volunteers_of(scopes, change.counted_days, on_days)
    fresh = measures.scope_people_of(scopes, touched) if touched else {}
    _apply_scopes(scopes, change, touched, day_volunteers, fresh)
    collective_id = initiative["collective_id"] if is_open else None
    if collective_id and change.days:
        regions.apply_collective(collective_id, sorted(change.days), initiative_id, workers,
                                 counted_days=change.counted_days, on_days=on_days)
    if not change.counted:  # work reported only: volunteers' numbers and milestones stay
        return []
    # The volunteers whose own numbers may have moved: those with work on the changed days,
    # or every claimant when claims moved.
    volunteer_ids = (set(Claim.objects.filter(role__initiative_id=initiative_id)
                         .values_list("volunteer_id", flat=True)) if change.people else workers)
    incremental.rollup_volunteers(user_ids=volunteer_ids)
    return milestones.record_milestones(initiative_ids=[initiative_id],
                                        collective_ids=[initiative["collective_id"]],
                                        user_ids=volunteer_ids)


def _only(day: dict) -> dict:
    return {n: day[n] for n in DAY_ADDITIVE}


def _measure(scope: Scope) -> LeadershipMeasure | None:
    return LeadershipMeasure.objects.filter(**_where(scope)).first()


def _recompute_own(initiative_id: int, own_total: ScopeTotal) -> Change:
    """The initiative's own rows from its raw rows (`own_total`: its ScopeTotal row, locked);
    the differences they show."""
    own = (Kind.INITIATIVE, initiative_id, Audience.ALL)
    progress = InitiativeProgress.objects.filter(initiative_id=initiative_id).first()
    old, old_days, measure = _figures(progress, ADDITIVE), _days(own), _measure(own)
    old_target = own_total.target
    old_measure = ({**_figures(measure, (*MEASURE_ADDITIVE, *PEOPLE)),
                    "capabilities": dict(measure.capabilities)} if measure else None)
    total = incremental.rollup_scope(kind=own[0], scope_id=own[1], audience=own[2],
                                     total=own_total, days=old_days, measure=measure)
    first = progress is None
    if first:
        progress = InitiativeProgress(initiative_id=initiative_id)
    incremental.set_figures(progress, _figures(total, PROGRESS))  # the same figures
    progress.save()
    new_days = _days(own)
    new_measure = measure if measure is not None else _measure(own)  # updated in place
    zero = dict.fromkeys(DAY_ADDITIVE, 0)
    old_caps = old_measure["capabilities"] if old_measure else {}
    caps = {k: moved for k in old_caps.keys() | new_measure.capabilities.keys()
            if (moved := new_measure.capabilities.get(k, 0) - old_caps.get(k, 0))}
    totals = _diff(_figures(total, ADDITIVE), old)
    return Change(
        totals=totals,
        days={d: moved for d in old_days.keys() | new_days.keys()
              if (moved := _diff(_only(new_days.get(d, zero)), _only(old_days.get(d, zero))))},
        measures=_diff(_figures(new_measure, MEASURE_ADDITIVE),
                       {n: old_measure[n] for n in MEASURE_ADDITIVE} if old_measure
                       else dict.fromkeys(MEASURE_ADDITIVE, 0)),
        capabilities=caps,
        people=(old_measure is None or any(name in totals for name in CLAIM_FIGURES)
                or _figures(new_measure, PEOPLE) != {n: old_measure[n] for n in PEOPLE}),
        hours=any(name in totals for name in ("contributions", "hours")),
        scope=first or old_target != total.target,
    )


def _locked(scopes: list[Scope]) -> tuple[dict, dict]:
    """The scopes' ScopeTotal and LeadershipMeasure rows, locked in one order (by id): two
    statements for the (up to three) scopes above an initiative."""
    either = Q()
    for scope in scopes:
        either |= Q(**_where(scope))
    return tuple({(r.kind, r.scope_id, r.audience): r
                  for r in model.objects.select_for_update().filter(either).order_by("id")}
                 for model in (ScopeTotal, LeadershipMeasure))


def _apply_scopes(scopes: list[Scope], change: Change, touched: set, day_volunteers: dict,
                  fresh: dict) -> None:
    """The scopes above the initiative moved by the change: each table read once (locked) and
    written once for all of them."""
    totals, measure_rows = _locked(scopes)
    ready = [scope for scope in scopes if scope in totals and scope in measure_rows]
    for scope in scopes:
        if scope not in ready:  # never rolled up: computed whole, once
            incremental.rollup_scope(**_where(scope))
    if not ready:
        return
    # Distinct and ranked figures: the touched people's rows recomputed; the counts move by
    # their differences, Gini and top-10 % are read back from the scope's rows (only when
    # someone's counted work moved).
    moved = scope_people.refresh(ready, touched, fresh) if touched else {}
    now = timezone.now()
    for scope in ready:
        total, measure = totals[scope], measure_rows[scope]
        values = {name: getattr(total, name) + d for name, d in change.totals.items()}
        people = (scope_people.figures_of(scope, measure, moved[scope])
                  if moved.get(scope) else None)
        if people:  # the volunteers are the role holders
            values["volunteers"] = people["role_holders"]
        if change.scope:
            values.update(_initiatives(scope))
        incremental.set_figures(total, values)
        _apply_measures(scope, measure, total, change, people)
        total.computed_at = measure.computed_at = now  # auto_now: bulk_update skips it
    ScopeTotal.objects.bulk_update([totals[s] for s in ready], TOTAL_FIELDS)
    LeadershipMeasure.objects.bulk_update([measure_rows[s] for s in ready], MEASURE_FIELDS)
    _apply_days(ready, change, day_volunteers)


def _initiatives(scope: Scope) -> dict:
    """How many initiatives the scope counts, and its target (one query)."""
    kind, scope_id, audience = scope
    got = Initiative.objects.filter(figures.scope_q(*scope)).aggregate(
        initiatives=Count("id"), target=Sum("goal_target"))
    if kind == Kind.COLLECTIVE:
        got["target"] = incremental.target_of(*scope)
    return {"initiatives": got["initiatives"], "target": got["target"] or 0}


def _apply_measures(scope: Scope, row: LeadershipMeasure, total: ScopeTotal,
                    change: Change, people: dict | None) -> None:
    """Leadership measures: sums by deltas; distinct people, Gini and top-10 % from the
    scope's people rows when one moved; boundary spanners recomputed when who holds a seat
    may have changed (the orchestrators count follows memberships, which the reconciliation
    takes up)."""
    for name, moved in change.measures.items():
        setattr(row, name, getattr(row, name) + moved)
    caps = dict(row.capabilities)
    for capability, moved in change.capabilities.items():
        caps[capability] = caps.get(capability, 0) + moved
    row.capabilities = {k: v for k, v in sorted(caps.items()) if v}
    row.completed_work = total.completed_claims + total.verified_claims
    row.peer_verified_work, row.open_roles = total.verified_claims, total.roles_open
    if people:
        for name in ("participants", "role_holders", "verified_volunteers", "gini",
                     "top10_share"):
            setattr(row, name, people[name])
    if change.people and scope[0] == Kind.COLLECTIVE:
        row.boundary_spanners = measures.boundary_spanners(scope)


def _apply_days(scopes: list[Scope], change: Change, day_volunteers: dict) -> None:
    """Each changed day's additive figures by their delta in every scope (a day whose counted
    work moved: its distinct volunteers recounted, `day_volunteers_of`), and the running
    total of the days after it: the day rows read (locked) and written once for all the
    scopes, then one UPDATE of the later days per day whose micro-improvements moved."""
    if not change.days:
        return
    either = Q()
    for scope in scopes:
        either |= Q(**_where(scope))
    rows = {(r.kind, r.scope_id, r.audience, r.day): r for r in DailyTotal.objects
            .select_for_update().filter(either, day__in=list(change.days)).order_by("id")}
    counted = set(change.counted_days)
    changed, created, gone = [], [], []
    for scope in scopes:
        for day, moved in sorted(change.days.items()):
            row = rows.get((*scope, day))
            if row is None:
                before = (DailyTotal.objects.filter(**_where(scope), day__lt=day)
                          .order_by("-day").values_list("cumulative_micro_improvements",
                                                        flat=True).first())
                row = DailyTotal(**_where(scope), day=day,
                                 cumulative_micro_improvements=before or 0)
            for name, value in moved.items():
                setattr(row, name, getattr(row, name) + value)
            if day in counted:
                row.volunteers = day_volunteers[scope].get(day, 0)
            row.cumulative_micro_improvements += moved.get("micro_improvements", 0)
            if row.contributions > 0 or row.awaiting_contributions > 0:
                (changed if row.pk else created).append(row)
            elif row.pk:  # no work left that day: the full recompute has no row either
                gone.append(row.pk)
    if gone:
        DailyTotal.objects.filter(pk__in=gone).delete()
    if changed:
        DailyTotal.objects.bulk_update(changed, DAY_FIELDS)
    if created:
        DailyTotal.objects.bulk_create(created)
    for day, moved in sorted(change.days.items()):  # after the rows above: they move too
        if grew := moved.get("micro_improvements", 0):
            DailyTotal.objects.filter(either, day__gt=day).update(
                cumulative_micro_improvements=F("cumulative_micro_improvements") + grew)
