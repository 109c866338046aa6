"""The full recomputation: every roll-up table for every scope (the beat reconciliation and
`manage.py rollup`).

On PostgreSQL it is set-based: each table is one transaction that first takes an EXCLUSIVE
lock on it (readers go on reading the old rows; an incremental roll-up that wants to write the
table waits and then recomputes its scope from a newer snapshot), computes the figures of ALL
scopes with one statement (`statements.py`) into a temporary table, upserts what changed and
deletes rows whose scope or day no longer exists. The statement count does not depend on the
number of initiatives. The embedded SQLite default keeps the per-scope loop of the incremental
roll-up: its data is demo-sized and the set-based SQL uses PostgreSQL features.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q

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
from dashboards.selectors.measures import gini_from_sums
from dashboards.services import (
    fills,
    incremental,
    indicators,
    milestones,
    recent,
    regions,
    scope_people,
    statements,
)
from initiatives.models import Collective, Initiative
from people.models import Organization
from roles.models import Claim


def rollup_everything(progress=None, *, full: bool = False) -> int:
    """Recompute every table; returns the number of scope totals written.

    `progress` wraps the list of steps (e.g. tqdm) so the command can show a progress bar.
    On PostgreSQL the per-day tables refill only the days written since their last fill
    (`fills`) unless `full`; the SQLite loop always recomputes everything.
    """
    if connection.vendor == "postgresql":
        return rollup_all_tables(progress, full=full)["scope totals"]
    return _rollup_each_scope(progress)


# --- PostgreSQL: one statement per table ---------------------------------------------------

def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


# The reconciliation is one process at a time: its hashes and sorts may use memory a request
# never gets, and JIT compilation (triggered by the planner's large estimates) costs more
# than it saves on these statements.
SESSION = "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off"


def _temps(names: list[str], mode: str = fills.FULL) -> str:
    """The intermediate results a statement reads, as ANALYZEd temporary tables."""
    return "".join(f"CREATE TEMP TABLE {name} ON COMMIT DROP AS"
                   f" {fills.restrict(statements.TEMPS[name], mode)}; ANALYZE {name}; "
                   for name in names)


def _upsert_sql(model, keys: list[str]) -> str:
    """Upsert `rollup_fresh` into the table, rewriting only rows whose figures changed."""
    table, columns = model._meta.db_table, _columns(model)
    cols = ", ".join(columns)
    values = [c for c in columns if c not in keys]
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in values if c != "changed_at")
    if "changed_at" in values:  # moves only when a figure changes (the API's `changed_at`)
        figures = [c for c in values if c not in ("computed_at", "changed_at")]
        updates += (f", changed_at = CASE WHEN ({', '.join(f'{table}.{c}' for c in figures)})"
                    f" IS DISTINCT FROM ({', '.join(f'EXCLUDED.{c}' for c in figures)})"
                    f" OR {table}.changed_at IS NULL"
                    f" THEN EXCLUDED.changed_at ELSE {table}.changed_at END")
    if "computed_at" in values:
        changed = new = ""
    else:  # only rows that are new or differ: one anti-join instead of a conflict per row
        changed = (f" WHERE ({', '.join(f'{table}.{c}' for c in values)})"
                   f" IS DISTINCT FROM ({', '.join(f'EXCLUDED.{c}' for c in values)})")
        same = " AND ".join(f"t.{k} = f.{k}" for k in keys)
        new = (f" f WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {same}"  # noqa: S608
               f" AND ({', '.join(f't.{c}' for c in values)})"
               f" IS NOT DISTINCT FROM ({', '.join(f'f.{c}' for c in values)}))")
    return (f"INSERT INTO {table} ({cols}) SELECT {cols} FROM rollup_fresh{new}"  # noqa: S608
            f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}{changed}")


def _prune_sql(t: statements.Table, within: str = "") -> str:
    same_key = " AND ".join(f"f.{k} = t.{k}" for k in t.keys)
    return (f"DELETE FROM {t.model._meta.db_table} t WHERE NOT EXISTS"  # noqa: S608
            f" (SELECT 1 FROM rollup_fresh f WHERE {same_key}){within}")


def _replace(model, select_sql: str, keys: list[str], *, temps: list[str] = (),
             prune: bool = True, adjust=None, by_day: bool = False, full: bool = True,
             running: tuple[str, str] | None = None) -> int:
    """Write one table for every scope in one transaction: lock, compute, upsert, prune.

    EXCLUSIVE lets dashboards read the old rows meanwhile, and makes an incremental roll-up
    that wants to write this table wait until the new rows are committed. Rows whose figures
    did not change are not rewritten (tables with `computed_at` are always touched, so that
    timestamp keeps meaning "recomputed at"). A per-day table (`by_day`) follows its fill
    state (`fills`): whole, only the pending days, or not at all; `running` (SQL before and
    after its prune) mends running totals when only some days were refilled. The statement
    count is the same whether it fills every day or some.
    """
    t = statements.Table(model, select_sql, keys, prune, adjust)
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if not by_day:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE; {SESSION}")
            plan = fills.Plan(fills.FULL, [])
        else:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE; {SESSION};"
                           + fills.TAKE.format(table=table), [table, table])
            plan = fills.plan(cursor.fetchone(), full=full)
            if plan.mode == fills.SKIP:
                return 0
        days = plan.mode == fills.DAYS  # the days to refill: one more temp table
        cursor.execute(("CREATE TEMP TABLE fill_days ON COMMIT DROP AS SELECT unnest(%s::date[])"
                        " AS day; ANALYZE fill_days; " if days else "")
                       + f"{_temps(temps, plan.mode)}CREATE TEMP TABLE rollup_fresh ON COMMIT"
                       f" DROP AS {fills.restrict(select_sql, plan.mode)}; ANALYZE rollup_fresh",
                       [plan.days] if days else None)
        if adjust:
            adjust(cursor)
        cursor.execute(_upsert_sql(model, keys))
        written = cursor.rowcount
        before, after = running if running and days else ("", "")
        if prune:  # scopes, days or regions that no longer have rows (of those days)
            within = " AND t.day IN (SELECT day FROM fill_days)" if days else ""
            cursor.execute(f"{before}{_prune_sql(t, within)}{after}")
        # Dropped now as well: inside an outer transaction ON COMMIT comes too late.
        dropped = ["rollup_fresh", *temps] + (["fill_days"] if days else [])
        dropped += ["touched"] if running and days else []
        mark = f"; {fills.MARK}" if by_day else ""
        cursor.execute(f"DROP TABLE {', '.join(dropped)}{mark}", [table] if by_day else None)
    return written


def _replace_together(tables: list[statements.Table], temps: list[str]) -> dict:
    """Several whole tables in one transaction that computes their shared intermediate
    results (`temps`) once: every table locked first, in the order the per-write roll-up
    writes them (`deltas` starts with the scope's ScopeTotal row), then each table computed,
    upserted and pruned as in `_replace`. Returns rows written per model."""
    names = ", ".join(t.model._meta.db_table for t in tables)
    written = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE; {SESSION}; {_temps(temps)}")
        for t in tables:
            cursor.execute(f"CREATE TEMP TABLE rollup_fresh ON COMMIT DROP AS {t.select_sql};"
                           " ANALYZE rollup_fresh")
            if t.adjust:
                t.adjust(cursor)
            cursor.execute(_upsert_sql(t.model, t.keys))
            written[t.model] = cursor.rowcount
            cursor.execute((f"{_prune_sql(t)}; " if t.prune else "") + "DROP TABLE rollup_fresh")
        cursor.execute(f"DROP TABLE {', '.join(temps)}")
    return written


def _gini(cursor) -> None:
    """Fill Gini and top-10 % share with the very arithmetic of `measures.concentration`."""
    cursor.execute("SELECT kind, scope_id, audience, verified_volunteers, total, weighted, top"
                   " FROM rollup_fresh WHERE verified_volunteers > 0 AND total <> 0")
    rows = cursor.fetchall()
    values = [gini_from_sums(n, total, weighted, top)
              for _k, _s, _a, n, total, weighted, top in rows]  # one row per scope
    cursor.execute(
        "UPDATE rollup_fresh f SET gini = u.gini, top10_share = u.top"
        " FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::float8[], %s::float8[])"
        " AS u(kind, scope_id, audience, gini, top)"
        " WHERE f.kind = u.kind AND f.scope_id = u.scope_id AND f.audience = u.audience",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
         [v["gini"] for v in values], [v["top10_share"] for v in values]],
    )


SCOPE_KEY = ["kind", "scope_id", "audience"]
COLLECTIVE_DAY = ["collective_id", "region_id", "day"]
def steps(full: bool) -> list:
    """(name, fill) for every table, in order; `full` ignores the per-day fill states."""
    return [
        ("scope figures", _scope_figures),
        ("daily totals", lambda: _replace(
            DailyTotal, statements.DAILY_TOTAL, [*SCOPE_KEY, "day"],
            temps=statements.DAILY_TOTAL_TEMPS, by_day=True, full=full,
            running=(statements.TOUCHED_SCOPES + ";", "; " + statements.RUNNING_TOTALS))),
        ("region totals", lambda: _replace(RegionTotal, statements.REGION_TOTAL,
                                           ["collective_id", "region_id"])),
        ("region days", lambda: _replace(RegionDay, statements.REGION_DAY, COLLECTIVE_DAY,
                                         by_day=True, full=full)),
        ("volunteer days", lambda: _replace(VolunteerDay, statements.VOLUNTEER_DAY,
                                            ["collective_id", "user_id", "day"],
                                            by_day=True, full=full)),
        # (Not with region totals from one materialized pass over the work: it cost more
        # than computing it twice, 1.9 against 1.3 s at 200k contributions.)
        ("region volunteers", lambda: _replace(regions.TABLE.model, regions.FILL_SQL,
                                               regions.TABLE.keys)),
        ("recent work", lambda: recent.fill_all()),
        # Like the per-scope path, volunteers who no longer have any claim keep their row.
        ("volunteer totals", lambda: _replace(VolunteerTotal, statements.VOLUNTEER_TOTAL,
                                              ["user_id"], prune=False)),
        ("indicator totals", indicators.rollup_all_indicators),
        ("milestones", milestones.record_all_milestones),
    ]


def _scope_figures() -> dict[str, int]:
    """The per-scope tables in one transaction: their per-initiative sums, the scope map and
    the people of each initiative are computed once for all four (they were computed per
    table: three times)."""
    written = _replace_together([
        statements.Table(ScopeTotal, statements.SCOPE_TOTAL, SCOPE_KEY),
        statements.Table(InitiativeProgress, statements.INITIATIVE_PROGRESS, ["initiative_id"],
              prune=False),
        statements.Table(LeadershipMeasure, statements.MEASURE_INPUTS, SCOPE_KEY, adjust=_gini),
        scope_people.TABLE,
    ], statements.MEASURE_TEMPS)
    return {"scope totals": written[ScopeTotal],
            "initiative progress": written[InitiativeProgress],
            "leadership measures": written[LeadershipMeasure],
            "scope people": written[scope_people.TABLE.model]}


def rollup_all_tables(progress=None, *, full: bool = False) -> dict[str, int]:
    """Every roll-up table for every scope; returns rows written per table."""
    todo = steps(full)
    written: dict[str, int] = {}
    for name, step in (progress(todo) if progress else todo):
        got = step()
        written.update(got if isinstance(got, dict) else {name: got})
    return written


# --- SQLite: the per-scope loop ------------------------------------------------------------

def _rollup_each_scope(progress=None) -> int:
    steps = [(Kind.INITIATIVE, i) for i in Initiative.objects.values_list("id", flat=True)]
    steps += [(Kind.ORGANIZATION, o) for o in Organization.objects.values_list("id", flat=True)]
    steps += [(Kind.COLLECTIVE, c) for c in Collective.objects.values_list("id", flat=True)]
    written = 0
    for kind, pk in progress(steps) if progress else steps:
        if kind == Kind.INITIATIVE:
            incremental.rollup_initiative(initiative_id=pk)
            incremental.rollup_scope(kind=kind, scope_id=pk, audience=Audience.ALL)
            written += 1
        elif kind == Kind.ORGANIZATION:
            for audience in (Audience.PUBLIC, Audience.ALL):
                incremental.rollup_scope(kind=kind, scope_id=pk, audience=audience)
            written += 2
        else:
            incremental.rollup_scope(kind=kind, scope_id=pk, audience=Audience.PUBLIC)
            incremental.rollup_collective_regions(collective_id=pk)
            written += 1
    _drop_orphans()
    user_ids = set(Claim.objects.values_list("volunteer_id", flat=True).distinct())
    incremental.rollup_volunteers(user_ids=user_ids)
    milestones.record_milestones(
        initiative_ids=[pk for kind, pk in steps if kind == Kind.INITIATIVE],
        collective_ids=[pk for kind, pk in steps if kind == Kind.COLLECTIVE],
        user_ids=user_ids)
    return written


def _drop_orphans() -> None:
    """Scope rows whose initiative, organization or collective is gone."""
    for kind, model in ((Kind.INITIATIVE, Initiative), (Kind.ORGANIZATION, Organization),
                        (Kind.COLLECTIVE, Collective)):
        gone = ~Q(scope_id__in=model.objects.values("id")) & Q(kind=kind)
        for table in (ScopeTotal, DailyTotal, LeadershipMeasure):
            table.objects.filter(gone).delete()
