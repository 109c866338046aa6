"""Profile a write in the embedded default with pyinstrument: N log + verify pairs on a seeded
database, Celery eager (as without `REDIS_URL`), so the per-write roll-up runs inline.

    DATABASE_URL=postgres://…/crowddo_bench_x .venv/bin/python bench/profile_verify.py [N]

Uses the embedded row's claims (distinct public initiatives of collectives) and prints
pyinstrument's tree of the verifies only, plus the mean per log and per verify.
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

from bench import embedded  # noqa: E402
from crowddo.celery import app  # noqa: E402


def main(n: int) -> None:
    claims = embedded._claims(n + 1)
    app.conf.task_always_eager = True
    embedded.crowddo_sample(claims.pop())  # warm: imports, connection
    profiler = Profiler(interval=0.0005)
    logs, verifies = [], []
    for claim in claims:
        boss = embedded._verifier(claim)
        began = time.perf_counter()
        made = embedded.services.contribution_log(
            claim=claim, volunteer=claim.volunteer, date=embedded.timezone.localdate(),
            hours=embedded.Decimal("1"), micro_improvements=1)
        logs.append(time.perf_counter() - began)
        began = time.perf_counter()
        with profiler:
            embedded.services.contribution_verify(contribution=made, verifier=boss)
        verifies.append(time.perf_counter() - began)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    ms = [f"{x * 1000:.0f}" for x in sorted(verifies)]
    print(f"{len(claims)} writes: log {sum(logs) / len(logs) * 1000:.1f} ms, "
          f"verify {sum(verifies) / len(verifies) * 1000:.1f} ms mean (verify ms: {ms})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
