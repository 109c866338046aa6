"""Time every statement of the full roll-up on a seeded database.

    DATABASE_URL=postgres://…/crowddo_bench .venv/bin/python bench/profile_rollup.py \
        [--cold | --writes N [--recent DAYS]]

Runs `manage.py rollup` once and prints each statement's wall time (those over 5 ms, the
first 100 characters of its text), and the total per table. `--cold` empties the roll-up
tables first (as the bench row's first run on fresh data). `--writes N` first changes N
random contributions (one UPDATE of their micro-improvements each, so the fill triggers
mark their days), only among those of the last DAYS days with `--recent`, then times the
rerun. bench/README.md keeps the figures.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.rollup import GROUP_BY  # noqa: E402
from dashboards.services.full import rollup_all_tables  # noqa: E402
from tests.dashboards.snapshots import TABLES  # noqa: E402


def write(n: int, recent: int | None) -> None:
    """N writes of raw work (each its own statement and commit), as the fill triggers see."""
    within = f"WHERE date >= CURRENT_DATE - {int(recent)}" if recent else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM roles_contribution {within}"  # noqa: S608
                       f" ORDER BY random() LIMIT {int(n)}")
        ids = [row[0] for row in cursor.fetchall()]
        for pk in ids:
            cursor.execute("UPDATE roles_contribution SET micro_improvements ="
                           " micro_improvements + 1 WHERE id = %s", [pk])
        cursor.execute("SELECT \"table\", COUNT(*) FROM dashboards_pendingday"
                       " GROUP BY 1 ORDER BY 1")
        print(f"{len(ids)} writes; pending days: {cursor.fetchall()}")


def main(cold: bool) -> None:
    if cold:
        with connection.cursor() as cursor:
            for model in TABLES:
                cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
    timings: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - began, re.sub(r"\s+", " ", sql)))

    per_step: dict[str, float] = defaultdict(float)

    def stepped(todo):  # `rollup_all_tables`'s progress hook: the wall time of each step
        for name, step in todo:
            began = time.perf_counter()
            timings.append((0.0, f"-- {name}"))
            yield name, step
            per_step[name] += time.perf_counter() - began

    began = time.perf_counter()
    with connection.execute_wrapper(timed):
        rollup_all_tables(stepped)
    total = time.perf_counter() - began
    for seconds, sql in timings:  # in the order they ran
        if seconds >= 0.005 or sql.startswith("-- "):
            print(f"{seconds:8.3f} s  {sql[:100]}")
    print()
    for name, seconds in sorted(per_step.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:8.3f} s  {name}")
    print(f"{total:8.3f} s  total ({len(timings) - len(per_step)} statements)")
    raw = []
    for _ in range(3):  # the bench row's baseline, right after: the ratio of this run
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(GROUP_BY)
            cursor.fetchall()
        raw.append(time.perf_counter() - began)
    print(f"{sorted(raw)[1]:8.3f} s  raw GROUP BY (median of 3): {total / sorted(raw)[1]:.1f}×")


def _option(name: str) -> int | None:
    args = sys.argv[1:]
    return int(args[args.index(name) + 1]) if name in args else None


if __name__ == "__main__":
    if _option("--writes"):
        write(_option("--writes"), _option("--recent"))
    main("--cold" in sys.argv[1:])
