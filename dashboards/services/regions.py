"""A collective's region rows, moved by one write (`deltas`) or filled whole (`fill_*`).

`RegionVolunteer` keeps, per collective, region (every level) and volunteer, the counted
contributions and the work awaiting a peer. A region's distinct volunteers are the volunteers
whose counted contributions there are above zero, so the per-write roll-up recomputes only the
rows of the volunteers whose work changed (from their own raw rows: an indexed read, whatever
the size of the collective) and moves the region totals by the differences: a volunteer counts
while their count is above zero. The full recompute (`fill_collective`; `TABLE` in `full`) is the
reconciliation that proves these rows right.
"""

from __future__ import annotations

from collections import defaultdict

from dashboards.models import Audience, Kind, RegionDay, RegionTotal, RegionVolunteer, VolunteerDay
from dashboards.selectors import figures
from dashboards.selectors.figures import Scope
from dashboards.services import indicators, recent, statements
from initiatives.models import Collective, Region
from roles.models import IndicatorValue

REGION_ADDITIVE = ("contributions", "hours", "micro_improvements")
# Figures of a RegionVolunteer row; a region's awaiting figures are their sums.
PER_VOLUNTEER = ("contributions", "awaiting_contributions", "awaiting_micro_improvements")
AWAITING = ("awaiting_contributions", "awaiting_micro_improvements")


def apply_collective(collective_id: int, days: list, initiative_id: int,
                     touched: set, *, counted_days: list,
                     on_days: list[dict] | None = None) -> None:
    """One initiative's changed days in its collective: region days rewritten for the days
    whose counted work moved (`counted_days`; `on_days`: that work, when already read by
    `figures.day_work`), the region rows of the volunteers whose work may have changed
    (`touched`: the initiative's, on those days) recomputed (`figures.region_work`), and
    their volunteer days; region totals moved by the differences; the feed of recent work
    moved; indicator totals recomputed when those days
    hold reports. Work reported (only awaiting figures moved) moves the region rows only."""
    Collective.objects.select_for_update().filter(pk=collective_id).first()
    scope = (Kind.COLLECTIVE, collective_id, Audience.PUBLIC)
    fresh_days, fresh_volunteers = figures.region_work(scope, counted_days, touched, on_days)
    moved = _region_days(scope, counted_days, fresh_days)
    if touched and counted_days:
        VolunteerDay.objects.filter(collective_id=collective_id, day__in=counted_days,
                                    user_id__in=touched).delete()
        VolunteerDay.objects.bulk_create(
            VolunteerDay(collective_id=collective_id, user_id=r["user_id"], day=r["date"],
                         **{name: r[name] for name in REGION_ADDITIVE})
            for r in figures.volunteer_days_of(scope, counted_days, touched, on_days))
    if touched:
        for rid, change in _region_volunteers(scope, touched, fresh_volunteers).items():
            for name, value in change.items():
                moved[rid][name] += value
    _apply_region_totals(collective_id,
                         {rid: m for rid, m in moved.items() if any(m.values())})
    if counted_days:  # the feed holds verified work only
        recent.apply_initiative(collective_id, initiative_id)
    # Indicator totals only move when the changed days hold reports of this initiative.
    if IndicatorValue.objects.filter(contribution__claim__role__initiative_id=initiative_id,
                                     contribution__date__in=days).exists():
        indicators.rollup_collective_indicators(collective_id=collective_id)


def _zero() -> dict:
    return dict.fromkeys((*REGION_ADDITIVE, "volunteers", *AWAITING), 0)


def _region_days(scope: Scope, days: list, fresh: list[dict]) -> dict[int, dict]:
    """Rewrite the collective's region days of `days` with `fresh` (`region_work`'s); their
    differences per region."""
    collective_id = scope[1]
    moved: dict[int, dict] = defaultdict(_zero)
    if not days:
        return moved
    on_days = RegionDay.objects.filter(collective_id=collective_id, day__in=days)
    for row in on_days.values("region_id", *REGION_ADDITIVE):
        for name in REGION_ADDITIVE:
            moved[row["region_id"]][name] -= row[name]
    for row in fresh:
        for name in REGION_ADDITIVE:
            moved[row["rid"]][name] += row[name]
    on_days.delete()
    RegionDay.objects.bulk_create(
        RegionDay(collective_id=collective_id, region_id=r["rid"], day=r["date"],
                  **{name: r[name] for name in REGION_ADDITIVE}) for r in fresh)
    return moved


def _region_volunteers(scope: Scope, user_ids: set, fresh: list[dict]) -> dict[int, dict]:
    """Rewrite the region rows of these volunteers with `fresh` (`region_work`'s); per
    region, the differences of its distinct volunteers and awaiting figures."""
    collective_id = scope[1]
    old = {(r.region_id, r.user_id): r for r in RegionVolunteer.objects.filter(
        collective_id=collective_id, user_id__in=user_ids)}
    new = {(r["rid"], r["user_id"]): r for r in fresh}
    moved: dict[int, dict] = defaultdict(dict)
    for key in old.keys() | new.keys():
        was = {n: getattr(old[key], n) for n in PER_VOLUNTEER} if key in old else None
        now = {n: new[key][n] for n in PER_VOLUNTEER} if key in new else None
        if was == now:
            continue
        was, now = was or dict.fromkeys(PER_VOLUNTEER, 0), now or dict.fromkeys(PER_VOLUNTEER, 0)
        change = moved[key[0]]
        change["volunteers"] = (change.get("volunteers", 0) + (now["contributions"] > 0)
                                - (was["contributions"] > 0))
        for name in AWAITING:
            change[name] = change.get(name, 0) + now[name] - was[name]
    gone = [old[k].pk for k in old.keys() - new.keys()]
    RegionVolunteer.objects.filter(pk__in=gone).delete()
    for key in old.keys() & new.keys():
        row = old[key]
        if any(getattr(row, n) != new[key][n] for n in PER_VOLUNTEER):
            RegionVolunteer.objects.filter(pk=row.pk).update(
                **{n: new[key][n] for n in PER_VOLUNTEER})
    RegionVolunteer.objects.bulk_create(
        RegionVolunteer(collective_id=collective_id, region_id=rid, user_id=uid,
                        **{n: new[(rid, uid)][n] for n in PER_VOLUNTEER})
        for rid, uid in new.keys() - old.keys())
    return moved


def _apply_region_totals(collective_id: int, moved: dict[int, dict]) -> None:
    """Region totals moved by their differences; a region without counted or awaiting work
    left has no row (as the full recompute)."""
    if not moved:
        return
    rows = {r.region_id: r for r in RegionTotal.objects.select_for_update().filter(
        collective_id=collective_id, region_id__in=moved)}
    regions = {r.pk: r for r in Region.objects.filter(
        pk__in=[rid for rid in moved if rid not in rows]).only("id", "parent_id", "level")}
    for rid, change in moved.items():
        row = rows.get(rid)
        if row is None:
            region = regions[rid]
            row = RegionTotal(collective_id=collective_id, region_id=rid,
                              parent_id=region.parent_id, level=region.level)
        for name, value in change.items():
            setattr(row, name, getattr(row, name) + value)
        if row.contributions > 0 or row.awaiting_contributions > 0:
            row.save()
        elif row.pk:
            row.delete()


# --- The full recompute of RegionVolunteer (the reconciliation) -----------------------------

def fill_collective(collective_id: int) -> int:
    """Replace one collective's region rows per volunteer (the per-scope path)."""
    scope = (Kind.COLLECTIVE, collective_id, Audience.PUBLIC)
    RegionVolunteer.objects.filter(collective_id=collective_id).delete()
    rows = RegionVolunteer.objects.bulk_create(
        RegionVolunteer(collective_id=collective_id, region_id=r["rid"], user_id=r["user_id"],
                        **{n: r[n] for n in PER_VOLUNTEER})
        for r in figures.region_volunteers(scope))
    return len(rows)


# Every collective's region rows per volunteer in one statement (PostgreSQL, a step of
# `full`); rows of collectives without public work are pruned.
FILL_SQL = f"""
{statements.COLLECTIVE_WORK} {statements.LEVELS}
SELECT collective_id, rid AS region_id, volunteer_id AS user_id,
       COUNT(*) FILTER (WHERE NOT aw) AS contributions,
       COUNT(*) FILTER (WHERE aw) AS awaiting_contributions,
       COALESCE(SUM(micro_improvements) FILTER (WHERE aw), 0) AS awaiting_micro_improvements
FROM levels WHERE rid IS NOT NULL GROUP BY collective_id, rid, volunteer_id
"""  # noqa: S608 (constant SQL text)
TABLE = statements.Table(RegionVolunteer, FILL_SQL, ["collective_id", "user_id", "region_id"])
