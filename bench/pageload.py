"""Rows: page loads under a bounded client on loopback, CrowdDo against the raw app.

Three gunicorn servers with the same worker count: CrowdDo on the full data
set, CrowdDo on the reference (small) data set, and the raw psycopg2 + JSON
app on the full data set. Measurements alternate between the sides.
"""

from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from bench import load
from bench.common import PYTHON, ROOT, Row, listening_socket, median, server_env
from bench.pages import FLAT_LISTS, PAGES


def _wait_ready(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on {port} exited:\n{log.read_text()[-3000:]}")
        try:
            load.sequential(port, "/healthz/", 1)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on {port} did not start:\n{log.read_text()[-3000:]}")


@contextmanager
def gunicorn(app: str, env: dict, log: Path, workers: int):
    """Serve `app` on a port the OS picks; yield the port. gunicorn inherits our listening
    socket (fd://), so only the server started here can be answering on it."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    try:
        proc = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", app, "--bind", f"fd://{sock.fileno()}",
             "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
            pass_fds=(sock.fileno(),),
        )
    except BaseException:
        sock.close()
        raise
    try:
        _wait_ready(port, proc, log)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        sock.close()


def _check(summary: dict, what: str) -> None:
    bad = {s: n for s, n in summary["statuses"].items() if s != 200}
    if bad:
        raise RuntimeError(f"{what} answered {bad} (expected only 200)")


def page_rows(page, ports: dict, clients: int, seconds: float, rounds: int) -> list[Row]:
    runs: dict[str, list[dict]] = {"crowddo": [], "raw": [], "uncached": []}
    for n in range(rounds):
        order = ("crowddo", "raw", "uncached") if n % 2 == 0 else ("uncached", "raw", "crowddo")
        for side in order:
            path = page.raw_path if side == "raw" else page.path
            summary = load.hammer(ports[side], path, clients, seconds).summary()
            _check(summary, f"{side} {path}")
            runs[side].append(summary)
    c, r, u = runs["crowddo"], runs["raw"], runs["uncached"]
    small = load.sequential(ports["small"], page.path, 3).summary()
    _check(small, f"small {page.path}")
    full_q = sorted({q for run in u for q in run["queries"]})
    details = {"clients": clients, "seconds_per_run": seconds, "runs": runs}
    return [
        Row(f"{page.label}: requests/s", "req/s", median([x["per_second"] for x in c]),
            median([x["per_second"] for x in r]), ">= 0.5", details),
        Row(f"{page.label}: p95 latency", "ms", median([x["p95_ms"] for x in c]),
            median([x["p95_ms"] for x in r]), "", {}),
        # The same page with PUBLIC_PAGE_CACHE_SECONDS=0: Django's own per-request cost.
        Row(f"{page.label}: requests/s without the page cache", "req/s",
            median([x["per_second"] for x in u]), median([x["per_second"] for x in r]), "", {}),
        Row(f"{page.label}: queries/request, full vs small size", "queries",
            max(full_q or [0]), max(small["queries"] or [0]), "== 1",
            {"full": full_q, "small": small["queries"]}),
    ]


def dashboard_row(page, ports: dict, count: int) -> Row:
    return size_row(f"dashboard render ({page.path})", page.path, "<= 1.25", ports, count)


def size_row(label: str, path: str, target: str, ports: dict, count: int) -> Row:
    """Render time at the full size against the small size: alternating sequential requests."""
    full, small = [], []
    load.sequential(ports["small"], path, 3)  # warm both servers
    load.sequential(ports["uncached"], path, 3)
    for _ in range(count):
        full.append(load.sequential(ports["uncached"], path, 1).latencies[0])
        small.append(load.sequential(ports["small"], path, 1).latencies[0])
    return Row(f"{label}: full vs small size", "ms p50", median(full) * 1000,
               median(small) * 1000, target, {"requests_each": count})


def http_rows(urls: dict, redis_url: str, logs: Path, *, workers: int, clients: int,
              seconds: float, rounds: int, pages=PAGES) -> list[Row]:
    # "crowddo" runs with the default settings (anonymous page cache on); "uncached" and
    # "small" with PUBLIC_PAGE_CACHE_SECONDS=0, so render time and query counts stay measured.
    servers = {"crowddo": ("bench.wsgi_bench:application", urls["full"]),
               "raw": ("bench.rawapp:application", urls["full"]),
               "small": ("bench.wsgi_bench:application", urls["small"]),
               "uncached": ("bench.wsgi_bench:application", urls["full"])}
    rows: list[Row] = []
    with (gunicorn(*_spec(servers, "crowddo", redis_url, logs), workers) as a,
          gunicorn(*_spec(servers, "raw", redis_url, logs), workers) as b,
          gunicorn(*_spec(servers, "small", redis_url, logs), workers) as c,
          gunicorn(*_spec(servers, "uncached", redis_url, logs), workers) as d):
        ports = {"crowddo": a, "raw": b, "small": c, "uncached": d}
        for page in pages:
            load.hammer(a, page.path, 2, 1.0)  # warm caches and templates on each
            load.hammer(b, page.raw_path, 2, 1.0)
            load.hammer(d, page.path, 2, 1.0)
            rows += page_rows(page, ports, clients, seconds, rounds)
        for page in pages:
            if page.dashboard:
                rows.append(dashboard_row(page, ports, 40))
        for path in FLAT_LISTS if pages is PAGES else ():
            rows.append(size_row(f"list {path}", path, "<= 1.5", ports, 30))
    return rows


def _spec(servers: dict, side: str, redis_url: str, logs: Path):
    app, database_url = servers[side]
    extra = {"PUBLIC_PAGE_CACHE_SECONDS": "0"} if side in ("small", "uncached") else {}
    return app, server_env(database_url, redis_url, **extra), logs / f"gunicorn-{side}.log"
