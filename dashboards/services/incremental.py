"""The incremental roll-up: recompute the dashboard tables of the scopes one change touches.

Every function replaces a scope's rows with figures computed from the raw rows (see
`selectors/figures.py` and `selectors/measures.py`), inside one transaction that first locks
the scope's `ScopeTotal` row: a rerun or a duplicate delivery therefore writes identical
tables, and two concurrent runs for the same scope queue instead of colliding.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

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
    VolunteerTotal,
)
from dashboards.selectors import figures, measures
from dashboards.selectors.figures import Scope
from dashboards.services import indicators, milestones, recent, regions, scope_people
from initiatives.models import Collective, Initiative
from roles import levels
from roles.models import Claim


def scopes_of_initiative(initiative: dict) -> list[Scope]:
    """The scopes one initiative's change touches."""
    scopes = [(Kind.INITIATIVE, initiative["id"], Audience.ALL),
              (Kind.ORGANIZATION, initiative["organization_id"], Audience.PUBLIC),
              (Kind.ORGANIZATION, initiative["organization_id"], Audience.ALL)]
    if initiative["collective_id"]:
        scopes.append((Kind.COLLECTIVE, initiative["collective_id"], Audience.PUBLIC))
    return scopes


def set_figures(row, values: dict) -> None:
    """Write figures into a progress row; its `changed_at` moves only when one differs."""
    if row.changed_at is None or any(getattr(row, k) != v for k, v in values.items()):
        row.changed_at = timezone.now()
    for name, value in values.items():
        setattr(row, name, value)


def target_of(kind: str, scope_id: int, audience: str) -> int:
    if kind == Kind.COLLECTIVE:
        return Collective.objects.filter(pk=scope_id).values_list("goal_target", flat=True)[0]
    qs = Initiative.objects.filter(figures.scope_q(kind, scope_id, audience))
    return qs.aggregate(target=Sum("goal_target"))["target"] or 0


@transaction.atomic
def rollup_scope(*, kind: str, scope_id: int, audience: str, total: ScopeTotal | None = None,
                 days: dict | None = None, measure: LeadershipMeasure | None = None
                 ) -> ScopeTotal:
    """Recompute totals, days and leadership measures of one scope for one audience.

    The per-write roll-up passes what it already holds: `total` (the scope's row, locked),
    `days` (its DailyTotal rows by day) and `measure` (its LeadershipMeasure row): then only
    the days that differ are rewritten and the measure row is updated in place."""
    if total is None:
        total, _ = ScopeTotal.objects.select_for_update().get_or_create(
            kind=kind, scope_id=scope_id, audience=audience
        )
    scope = (kind, scope_id, audience)
    roles = figures.role_totals(scope)
    daily = figures.daily(scope)
    values = {**figures.work_of_days(daily), **figures.claim_totals(scope),
              "roles_open": roles["roles_open"], "roles_filled": roles["roles_filled"],
              "initiatives": Initiative.objects.filter(figures.scope_q(*scope)).count(),
              "target": target_of(*scope)}
    set_figures(total, values)
    total.save()
    _write_days(scope, daily, days)
    leadership_measures(scope, total, roles, measure)
    if kind != Kind.INITIATIVE:  # the people rows the per-write roll-up keeps
        scope_people.fill_scope(scope)
    return total


def _write_days(scope: Scope, rows: list[dict], old: dict | None) -> None:
    """A scope's DailyTotal rows replaced by `rows`; with `old` (the rows it held, by day)
    only the days that differ are deleted and written."""
    kind, scope_id, audience = scope
    where = {"kind": kind, "scope_id": scope_id, "audience": audience}
    if old is not None:
        new = {row["day"]: row for row in rows}

        def same(day) -> bool:
            return day in old and day in new and all(
                old[day][k] == v for k, v in new[day].items() if k != "day")

        stale = [day for day in old if not same(day)]
        rows = [row for day, row in new.items() if not same(day)]
        if stale:
            DailyTotal.objects.filter(**where, day__in=stale).delete()
    else:
        DailyTotal.objects.filter(**where).delete()
    if rows:
        DailyTotal.objects.bulk_create(DailyTotal(**where, **row) for row in rows)


def leadership_measures(scope: Scope, total: ScopeTotal, roles: dict,
                        row: LeadershipMeasure | None = None) -> LeadershipMeasure:
    kind, scope_id, audience = scope
    values = {
        **measures.participation(scope), **measures.concentration(scope),
        **measures.orchestrator_load(scope),
        "mentorships": (mentored := measures.mentorships(scope)),
        "capabilities": measures.capabilities(scope, mentored),
        "boundary_spanners": (measures.boundary_spanners(scope)
                              if kind == Kind.COLLECTIVE else None),
        "roles_total": roles["roles_total"], "roles_from_proposals": roles["roles_from_proposals"],
        "completed_work": total.completed_claims + total.verified_claims,
        "peer_verified_work": total.verified_claims, "open_roles": total.roles_open,
    }
    if row is not None:  # held by the caller: one UPDATE
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        return row
    row, _ = LeadershipMeasure.objects.update_or_create(
        kind=kind, scope_id=scope_id, audience=audience, defaults=values
    )
    return row


@transaction.atomic
def rollup_collective_regions(*, collective_id: int) -> int:
    """Replace a collective's region totals, region days, region rows per volunteer, feed of
    recent work and indicator totals (public data)."""
    Collective.objects.select_for_update().filter(pk=collective_id).first()
    scope = (Kind.COLLECTIVE, collective_id, Audience.PUBLIC)
    RegionTotal.objects.filter(collective_id=collective_id).delete()
    RegionDay.objects.filter(collective_id=collective_id).delete()
    VolunteerDay.objects.filter(collective_id=collective_id).delete()
    totals = figures.region_totals(scope)
    RegionTotal.objects.bulk_create(
        RegionTotal(collective_id=collective_id, region_id=r["rid"], parent_id=r["pid"],
                    level=r["level"], contributions=r["contributions"], hours=r["hours"],
                    micro_improvements=r["micro_improvements"], volunteers=r["volunteers"],
                    awaiting_contributions=r["awaiting_contributions"],
                    awaiting_micro_improvements=r["awaiting_micro_improvements"])
        for r in totals
    )
    RegionDay.objects.bulk_create(
        RegionDay(collective_id=collective_id, region_id=r["rid"], day=r["date"],
                  contributions=r["contributions"], hours=r["hours"],
                  micro_improvements=r["micro_improvements"])
        for r in figures.region_days(scope)
    )
    VolunteerDay.objects.bulk_create(
        VolunteerDay(collective_id=collective_id, user_id=r["user_id"], day=r["date"],
                     contributions=r["contributions"], hours=r["hours"],
                     micro_improvements=r["micro_improvements"])
        for r in figures.volunteer_days(scope)
    )
    regions.fill_collective(collective_id)
    recent.fill_collective(collective_id)
    indicators.rollup_collective_indicators(collective_id=collective_id)
    return len(totals)


@transaction.atomic
def rollup_initiative(*, initiative_id: int) -> InitiativeProgress | None:
    """Recompute one initiative's one-row totals (the same rows give the same figures)."""
    if not Initiative.objects.select_for_update().filter(pk=initiative_id).exists():
        return None
    scope = (Kind.INITIATIVE, initiative_id, Audience.ALL)
    claims, roles = figures.claim_totals(scope), figures.role_totals(scope)
    values = {**figures.work_totals(scope), **claims,
              "roles_open": roles["roles_open"], "roles_filled": roles["roles_filled"]}
    progress, _ = InitiativeProgress.objects.select_for_update().get_or_create(
        initiative_id=initiative_id)
    set_figures(progress, values)
    progress.save()
    return progress


@transaction.atomic
def rollup_volunteers(*, user_ids: Iterable[int]) -> int:
    """Recompute the volunteers' own numbers; anyone without held roles drops back to zero."""
    user_ids = list(user_ids)
    rows = {r["user_id"]: r for r in figures.volunteer_totals(user_ids)}
    standing = levels.standings(user_ids)  # the level: earned, kept without held roles
    empty = {"contributions": 0, "hours": 0, "micro_improvements": 0, "verified_hours": 0,
             "roles_held": 0, "verified_claims": 0, "initiatives": 0}
    objs = []
    for uid in user_ids:  # one object per volunteer touched, figures already aggregated
        row = {**empty, **rows.get(uid, {}), "user_id": uid}
        level = levels.level_number(standing.get(uid, levels.Standing()))
        objs.append(VolunteerTotal(**row, level=level))
    VolunteerTotal.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=["user"],
        update_fields=[*empty, "level"],
    )
    return len(objs)


def refresh_initiative(*, initiative_id: int) -> list[int]:
    """Everything one initiative's change touches; returns new milestone ids to announce."""
    initiative = (Initiative.objects.filter(pk=initiative_id)
                  .values("id", "organization_id", "collective_id").first())
    if initiative is None:
        return []
    rollup_initiative(initiative_id=initiative_id)
    for kind, scope_id, audience in scopes_of_initiative(initiative):
        rollup_scope(kind=kind, scope_id=scope_id, audience=audience)
    if initiative["collective_id"]:
        rollup_collective_regions(collective_id=initiative["collective_id"])
    volunteer_ids = set(Claim.objects.filter(role__initiative_id=initiative_id)
                        .values_list("volunteer_id", flat=True))
    rollup_volunteers(user_ids=volunteer_ids)
    return milestones.record_milestones(initiative_ids=[initiative_id],
                                        collective_ids=[initiative["collective_id"]],
                                        user_ids=volunteer_ids)
