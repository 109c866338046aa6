"""EXPLAIN ANALYZE every query of the role list pages, as they are really issued.

    DATABASE_URL=postgres://…/crowddo_bench .venv/bin/python bench/explain.py [--plans]

Requests each page (every /roles/ filter and sort, the initiative page, /api/v1/roles/ and
the admin's role changelist) through Django's test client against a seeded database
(`seed_scale`, prefix "scale"), captures its SQL, and runs `EXPLAIN ANALYZE` on each SELECT.
Prints per page: the queries, the slowest statement's time and each sequential scan of
roles_role, roles_claim or initiatives_initiative with the rows it read out of the table's
(a scan under a LIMIT stops early: "1,178 of 100,000"). `--plans` prints every plan
(bench/README.md keeps them).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from initiatives.models import Collective, Region, Sdg  # noqa: E402
from people.models import Skill, User  # noqa: E402

BIG = ("roles_role", "roles_claim", "initiatives_initiative")
# The admin's role changelist: newest first, each sortable column (seats, seats free, status)
# both ways, with and without the status filter.
ADMIN_URLS = ["/admin/roles/role/", "/admin/roles/role/?status__exact=open&o=4",
              "/admin/roles/role/?o=-4", "/admin/roles/role/?o=6", "/admin/roles/role/?o=-6",
              "/admin/roles/role/?status__exact=open&o=-6", "/admin/roles/role/?o=-3",
              "/admin/roles/role/?capability__exact=visioning&o=4"]


def role_urls() -> list[str]:
    skill = Skill.objects.order_by("pk").first()
    sdg = Sdg.objects.order_by("pk").first()
    region = Region.objects.filter(parent__isnull=False).order_by("pk").first()
    collective = Collective.objects.order_by("pk").first()
    urls = ["/roles/", "/roles/?sort=hours", "/roles/?sort=seats", "/roles/?page=50",
            "/roles/?capability=sensemaking&max_hours=4&sort=hours",
            "/roles/?capability=visioning&sort=seats", "/roles/?max_hours=1",
            "/roles/?q=role+12", "/roles/?q=initiative+7&sort=hours", "/roles/?q=zzz",
            "/roles/?remote=on", "/roles/?organization=scale-org-1",
            "/roles/?organization=scale-org-1&sort=seats"]
    if skill:
        urls.append(f"/roles/?skill={skill.slug}")
    if sdg:
        urls.append(f"/roles/?sdg={sdg.pk}&sort=hours")
    if region:
        urls += [f"/roles/?region={region.pk}", f"/roles/?region={region.pk}&remote=on"]
    if collective:
        urls.append(f"/roles/?collective={collective.slug}")
    return urls


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


SEQ_SCAN = re.compile(r"Seq Scan on (\w+).*?rows=(\d+) loops=(\d+)\)\n"
                      r"(?:\s+Filter: .*\n)?(?:\s+Rows Removed by Filter: (\d+))?")


def sequential_scans(plan: str) -> dict[str, int]:
    """Rows each sequential scan of a big table read (returned + filtered out, all loops)."""
    read: dict[str, int] = {}
    for table, rows, loops, removed in SEQ_SCAN.findall(plan):
        if table in BIG:
            read[table] = read.get(table, 0) + (int(rows) + int(removed or 0)) * int(loops)
    return read


def table_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)",
                       [list(BIG)])
        return dict(cursor.fetchall())


def run(url: str, client: Client, plans: bool, sizes: dict[str, int]) -> None:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    worst, seq = 0.0, {}
    out = []
    for sql in selects:
        plan = explain(sql)
        ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
        worst = max(worst, ms)
        for table, rows in sequential_scans(plan).items():
            seq[table] = max(seq.get(table, 0), rows)
        out.append((ms, sql, plan))
    scans = ", ".join(f"{t} ({n:,} of {sizes.get(t, 0):,} rows)" for t, n in sorted(seq.items()))
    print(f"{url}: {response.status_code}, {len(ctx.captured_queries)} queries, slowest "
          f"{worst:.2f} ms, sequential scans: {scans or 'none'}")
    if plans:
        for ms, sql, plan in out:
            if ms >= 0.5 or any(t in sql for t in BIG):
                print(f"\n-- {ms:.2f} ms\n{sql[:400]}{'…' if len(sql) > 400 else ''}\n{plan}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", action="store_true", help="print every plan")
    args = parser.parse_args()
    anonymous, sizes = Client(), table_rows()
    for url in [*role_urls(), "/initiatives/scale-initiative-1/", "/api/v1/roles/"]:
        run(url, anonymous, args.plans, sizes)
    admin = Client()
    superuser = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="explain@bench.crowddo.test", password=None)
    admin.force_login(superuser)
    for url in ADMIN_URLS:
        run(url, admin, args.plans, sizes)


if __name__ == "__main__":
    main()
