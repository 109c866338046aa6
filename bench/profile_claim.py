"""Profile `claim_role`: N claims in a row on a seeded database, with production settings.

    DATABASE_URL=postgres://…/crowddo_bench .venv/bin/python bench/profile_claim.py N [--cpu]
    … bench/profile_claim.py N --bare

Creates one role with N seats in the bench initiative and N fresh volunteers, claims
each seat once (each claim its own transaction, commit included, as a request would)
and prints pyinstrument's tree (wall time: Python and waiting on PostgreSQL / Redis),
the mean wall and CPU time per claim, and the statements of one claim. With `--cpu`,
cProfile instead (Python CPU only, by function: what a loaded machine cannot hide);
with `--bare`, no profiler (the honest CPU time per claim). No contention: this is what
one claim costs; bench/README.md says what each millisecond is. DEBUG is off as on a
server (`bench.common.server_env`): with DEBUG on, Django formats and keeps every
statement, which no production claim pays for.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.common import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, server_env  # noqa: E402

os.environ.update(server_env(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
                             os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from bench.claims import prepare_round  # noqa: E402
from people.models import User  # noqa: E402
from roles import services  # noqa: E402
from roles.models import Role  # noqa: E402


class _Bare:
    def start(self):
        pass

    stop = start


def main(n: int, cpu: bool, bare: bool) -> None:
    rnd = prepare_round(f"profile-{time.time_ns()}", n)
    role = Role.objects.get(pk=rnd.role_ids[0])
    Role.objects.filter(pk=role.pk).update(seats=n)
    people = list(User.objects.filter(pk__in=rnd.volunteer_ids))
    services.claim_role(role=role, volunteer=people.pop())  # warm: imports, connection
    with CaptureQueriesContext(connection) as statements:
        services.claim_role(role=role, volunteer=people.pop())
    profiler = _Bare() if bare else cProfile.Profile() if cpu else Profiler(interval=0.0002)
    began, began_cpu = time.perf_counter(), time.process_time()
    profiler.enable() if cpu else profiler.start()
    for person in people:
        services.claim_role(role=role, volunteer=person)
    profiler.disable() if cpu else profiler.stop()
    spent, spent_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    if bare:
        pass
    elif cpu:
        order = os.environ.get("PROFILE_SORT", "cumulative")  # or tottime
        pstats.Stats(profiler).sort_stats(order).print_stats(60)
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{len(people)} claims, {spent / len(people) * 1000:.2f} ms per claim (wall), "
          f"{spent_cpu / len(people) * 1000:.2f} ms CPU in this process"
          + ("" if bare else " (profiler included)"))
    print(f"statements per claim: {len(statements)}")
    for q in statements.captured_queries:
        print("  ", q["sql"][:110])


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 200, "--cpu" in sys.argv, "--bare" in sys.argv)
