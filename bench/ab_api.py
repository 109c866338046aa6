"""Before/after for the API list without the cache, in the same conditions: an older tree of
the project (e.g. `git archive <commit> | tar -x -C /tmp/before`) and this one, each served
by its own gunicorn (2 sync workers, PUBLIC_PAGE_CACHE_SECONDS=0) beside the raw app, on the
same seeded database; 16 clients, alternating rounds.

    DATABASE_URL=postgres://…/crowddo_bench_x REDIS_URL=redis://…/n \\
        .venv/bin/python bench/ab_api.py /tmp/before [seconds] [rounds]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NEW = Path(__file__).resolve().parents[1]
sys.path[0] = str(NEW)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")
from bench import load  # noqa: E402
from bench.common import PYTHON, listening_socket, median, server_env  # noqa: E402
from bench.pageload import _wait_ready  # noqa: E402


def start(root: Path, app: str, logs: Path):
    sock = listening_socket()
    port = sock.getsockname()[1]
    env = server_env(
        os.environ["DATABASE_URL"],
        os.environ.get("REDIS_URL", ""),
        PUBLIC_PAGE_CACHE_SECONDS="0",
        PYTHONPATH=str(root),
    )
    log = logs / f"ab-{root.name}-{app.split(':')[0]}.log"
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"fd://{sock.fileno()}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=root,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        pass_fds=(sock.fileno(),),
    )
    _wait_ready(port, proc, log)
    return proc, sock, port


def main(old: Path, seconds: float, rounds: int) -> None:
    sides = {
        "before": (old, "bench.wsgi_bench:application", "/api/v1/roles/"),
        "after": (NEW, "bench.wsgi_bench:application", "/api/v1/roles/"),
        "raw": (NEW, "bench.rawapp:application", "/raw/api-roles/"),
    }
    logs = NEW / "test-artifacts" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    servers = {}
    try:
        for side, (root, app, _) in sides.items():
            servers[side] = start(root, app, logs)
        for side, (_, _, path) in sides.items():
            load.hammer(servers[side][2], path, 2, 1.0)  # warm
        results: dict[str, list[float]] = {side: [] for side in sides}
        for n in range(rounds):
            for side in list(sides) if n % 2 == 0 else list(reversed(sides)):
                summary = load.hammer(servers[side][2], sides[side][2], 16, seconds).summary()
                if set(summary["statuses"]) != {200}:
                    raise RuntimeError(f"{side} answered {summary['statuses']}")
                results[side].append(round(summary["per_second"], 1))
    finally:
        for proc, sock, _ in servers.values():
            proc.terminate()
            proc.wait(timeout=20)
            sock.close()
    print(json.dumps(results))
    m = {side: median(values) for side, values in results.items()}
    print(
        f"median req/s: before {m['before']:.1f}, after {m['after']:.1f}, raw {m['raw']:.1f}; "
        f"before/raw {m['before'] / m['raw']:.2f}, after/raw {m['after'] / m['raw']:.2f}"
    )


if __name__ == "__main__":
    main(
        Path(sys.argv[1]).resolve(),
        float(sys.argv[2]) if len(sys.argv) > 2 else 8,
        int(sys.argv[3]) if len(sys.argv) > 3 else 3,
    )
