"""Time every statement of the full roll-up on a seeded database.

    DATABASE_URL=postgres://…/crowddo_bench .venv/bin/python bench/profile_rollup.py [--cold]

Runs `manage.py rollup` once and prints each statement's wall time, slowest first (the
first 100 characters of its text), and the total per step. `--cold` empties the roll-up
tables first (as the bench row's first run on fresh data). bench/README.md keeps the
figures.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tests.dashboards.snapshots import TABLES  # noqa: E402


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

    began = time.perf_counter()
    with connection.execute_wrapper(timed):
        call_command("rollup", verbosity=0)
    total = time.perf_counter() - began
    per_table: dict[str, float] = defaultdict(float)
    for seconds, sql in timings:
        m = re.search(r"(?:INTO|FROM|UPDATE|TABLE) (dashboards_\w+)", sql)
        per_table[m.group(1) if m else "other"] += seconds
    for seconds, sql in timings:  # in the order they ran
        if seconds >= 0.005:
            print(f"{seconds:8.3f} s  {sql[:100]}")
    print()
    for table, seconds in sorted(per_table.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:8.3f} s  {table}")
    print(f"{total:8.3f} s  total ({len(timings)} statements)")


if __name__ == "__main__":
    main("--cold" in sys.argv[1:])
