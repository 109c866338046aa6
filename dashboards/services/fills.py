"""Fill state of the per-day tables: refill only the days that changed (after Zulip's
`analytics` FillState: a fill is re-runnable and records itself in the same transaction).

Each per-day table (`fill_triggers.DAY_TABLES`) has a `FillState` row once it was filled
whole, and `PendingDay` rows that the database triggers append on every write of the raw
rows. The full roll-up, inside the table's transaction and after its EXCLUSIVE lock, takes
(deletes) the table's pending days and then:

- fills it whole when asked (`full=True`, `manage.py rollup --full`), when it was never
  filled, when it is empty (someone emptied it) or when a pending row says "every day";
- skips it when nothing is pending: no row is written;
- otherwise refills just the pending days (their rows upserted, pruned within those days).

Safe to rerun and never skipping a late write: a pending row keys on when the raw row was
written, not on its date (work verified today for a day last month makes that day pending),
and a write that commits after the fill's snapshot keeps its pending row for the next fill
(the fill deletes only rows it can see, written before its statements' snapshots).
"""

from __future__ import annotations

from dataclasses import dataclass

FULL, DAYS, SKIP = "full", "days", "skip"

# The last statement of the lock string: take the pending days, say whether the table was
# filled before (and is not empty). Parameters: the table name twice.
TAKE = """
WITH taken AS (DELETE FROM dashboards_pendingday WHERE "table" = %s RETURNING day)
SELECT EXISTS (SELECT 1 FROM dashboards_fillstate WHERE "table" = %s)
         AND EXISTS (SELECT 1 FROM {table}),
       COALESCE(bool_or(day IS NULL), FALSE),
       COALESCE(array_agg(DISTINCT day) FILTER (WHERE day IS NOT NULL), '{{}}')
FROM taken"""  # noqa: S608 (the table name is one of ours)

MARK = """INSERT INTO dashboards_fillstate ("table", filled_at) VALUES (%s, now())
ON CONFLICT ("table") DO UPDATE SET filled_at = EXCLUDED.filled_at"""

# Where the statements of the per-day tables read raw work (alias `w`), this marker becomes
# nothing (a whole fill) or the pending days' filter.
ONLY_DAYS = "/* only the days being filled */"
DAY_FILTER = " AND w.date IN (SELECT day FROM fill_days)"


@dataclass(frozen=True)
class Plan:
    mode: str
    days: list


def plan(taken: tuple, *, full: bool) -> Plan:
    """What to do with a table, from TAKE's row (filled before, "every day", the days)."""
    filled, every_day, days = taken
    if full or not filled or every_day:
        return Plan(FULL, [])
    return Plan(DAYS, sorted(days)) if days else Plan(SKIP, [])


def restrict(sql: str, mode: str) -> str:
    return sql.replace(ONLY_DAYS, DAY_FILTER if mode == DAYS else "")
