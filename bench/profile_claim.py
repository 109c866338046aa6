"""Profile `claim_role` with pyinstrument: N claims in a row on a seeded database.

    DATABASE_URL=postgres://…/crowddo_bench .venv/bin/python bench/profile_claim.py [N]

Creates one role with N seats in the bench initiative and N fresh volunteers, claims
each seat once (each claim its own transaction, commit included, as a request would)
and prints pyinstrument's tree plus the mean per claim. No contention: this is what
one claim costs in Python and SQL; bench/README.md says what each millisecond is.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")

import django  # noqa: E402

django.setup()

from pyinstrument import Profiler  # noqa: E402

from bench.claims import prepare_round  # noqa: E402
from people.models import User  # noqa: E402
from roles import services  # noqa: E402
from roles.models import Role  # noqa: E402


def main(n: int) -> None:
    rnd = prepare_round(f"profile-{time.time_ns()}", n)
    role = Role.objects.get(pk=rnd.role_ids[0])
    Role.objects.filter(pk=role.pk).update(seats=n)
    people = list(User.objects.filter(pk__in=rnd.volunteer_ids))
    services.claim_role(role=role, volunteer=people.pop())  # warm: imports, connection
    profiler = Profiler(interval=0.0002)
    began = time.perf_counter()
    with profiler:
        for person in people:
            services.claim_role(role=role, volunteer=person)
    spent = time.perf_counter() - began
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{len(people)} claims, {spent / len(people) * 1000:.2f} ms per claim")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
