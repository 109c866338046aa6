"""Profile an API list in-process with pyinstrument, beside the raw app's handler for the same
data: N anonymous GETs through Django's full stack (middleware, DRF, rendering), cache off.

    DATABASE_URL=postgres://…/crowddo_bench_x .venv/bin/python bench/profile_api.py [N] [path]

Prints the mean per request of CrowdDo and of `bench.rawapp` (psycopg2 + json, same process,
same database), and pyinstrument's tree of the CrowdDo requests.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")
from bench.common import server_env  # noqa: E402

# The bench servers' production-like settings (DEBUG off), cache off, the test client's host.
for name, value in server_env(os.environ["DATABASE_URL"], os.environ.get("REDIS_URL", ""),
                              PUBLIC_PAGE_CACHE_SECONDS="0",
                              ALLOWED_HOSTS="127.0.0.1,localhost,testserver").items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from bench import rawapp  # noqa: E402


def _raw(path: str) -> None:
    status, body = rawapp.api_roles(path)
    json.dumps(body, default=str).encode()


def _timed(call, n: int) -> tuple[float, float]:
    """(wall, CPU) ms per call."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        call()
    return ((time.perf_counter() - wall) * 1000 / n, (time.process_time() - cpu) * 1000 / n)


def main(n: int, path: str) -> None:
    client = Client()
    for _ in range(5):  # warm: imports, connections, templates
        assert client.get(path).status_code == 200
        _raw(path)
    ours, raw = [], []
    for _ in range(3):  # alternating, unprofiled
        ours.append(_timed(lambda: client.get(path), n // 3))
        raw.append(_timed(lambda: _raw(path), n // 3))
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(n):
            client.get(path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    (o_wall, o_cpu), (r_wall, r_cpu) = (sorted(x)[1] for x in (ours, raw))  # medians
    print(f"{path}: CrowdDo {o_wall:.1f} ms/request ({o_cpu:.1f} ms CPU in this process), "
          f"raw {r_wall:.1f} ms ({r_cpu:.1f} ms CPU) -> requests/s ratio {r_wall / o_wall:.2f}"
          " (unprofiled, medians of 3 alternating rounds)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100,
         sys.argv[2] if len(sys.argv) > 2 else "/api/v1/roles/")
