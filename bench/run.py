"""CrowdDo benchmarks: every row is CrowdDo against a raw baseline measured in the same run.

    make bench                       # default sizes (the issue's: 1M contributions)
    make bench-small                 # the CI smoke preset
    .venv/bin/python bench/run.py --help

Needs PostgreSQL (DATABASE_URL, a database named crowddo_bench*; the harness
creates <name>, <name>_small, <name>_copy and <name>_empty) and Redis
(REDIS_URL, db 14 by default). Prints one table and writes
bench/results/<name>.json. Timings are never asserted anywhere: they are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import asdict, fields
from pathlib import Path

# Run as a script: import from the project root, not from bench/ (whose names could shadow).
sys.path[0] = str(Path(__file__).resolve().parents[1])

import django  # noqa: E402
import psycopg2  # noqa: E402

from bench.common import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    ROOT,
    Row,
    db_name,
    db_url,
    manage,
    recreate_database,
    server_env,
)
from bench.seeding import seed_row  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    from seeding.scale import Sizes  # after django.setup() in main(): it loads models

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--small", action="store_true", help="CI smoke preset (seconds, not minutes)")
    p.add_argument("--name", help="results file name (default: full / small)")
    for f in fields(Sizes):
        p.add_argument(f"--{f.name}", type=int, help=f"seed_scale --{f.name}")
    p.add_argument("--clients", type=int, default=32, help="concurrent claimers (>= 32)")
    p.add_argument("--claims-per-client", type=int, default=None)
    p.add_argument("--http-clients", type=int, default=16)
    p.add_argument("--http-seconds", type=float, default=None)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    p.add_argument("--rounds", type=int, default=2, help="alternating rounds per side")
    p.add_argument("--refresh-samples", type=int, default=None)
    p.add_argument("--only",
                   help="comma-separated: seed,rollup,claims,http,refresh,embedded")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a ratio target is missed too (default: only when a "
                        "correctness check fails, e.g. an overbooked seat)")
    return p.parse_args(argv)


def sizes_for(args) -> tuple[list[str], list[str]]:
    """seed_scale arguments for the measured (full) and the reference (small) data sets."""
    from seeding.scale import SMALL, Sizes  # after django.setup() in main(): it loads models

    chosen = [f"--{f.name}={getattr(args, f.name)}" for f in fields(Sizes)
              if getattr(args, f.name) is not None]
    if args.small:  # smoke: the small preset measured, a tenth of it as reference
        tiny = [f"--{k}={max(1, v // 10)}" for k, v in asdict(SMALL).items()]
        return ["--small", *chosen], tiny
    return chosen, ["--small"]


def prepare(base_url: str, redis_url: str, args) -> dict:
    """Migrated empty template, then the full and small data sets (not timed here)."""
    name = db_name(base_url)
    urls = {k: db_url(base_url, f"{name}{s}") for k, s in
            (("empty", "_empty"), ("full", ""), ("small", "_small"))}
    recreate_database(base_url, db_name(urls["empty"]))
    manage(urls["empty"], redis_url, "migrate", "--noinput", "-v0")
    for key in ("full", "small"):
        recreate_database(base_url, db_name(urls[key]), template=db_name(urls["empty"]))
    full, small = sizes_for(args)
    manage(urls["small"], redis_url, "seed_scale", "--json", *small)
    manage(urls["small"], redis_url, "rollup", "-v0")
    manage(urls["full"], redis_url, "collectstatic", "--noinput", "-v0")
    return {**urls, "full_args": full}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "0")
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    with conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    conn.close()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(mem) / 1024**2, 1),
            "python": platform.python_version(), "postgresql": pg, "os": platform.platform()}


def print_table(rows: list[Row]) -> None:
    head = ("row", "crowddo", "baseline", "ratio", "target", "pass")
    lines = [head] + [(r.name + f" [{r.unit}]", f"{r.crowddo:,.2f}", f"{r.baseline:,.2f}",
                       "—" if not r.baseline else f"{r.ratio:.2f}",
                       r.target or "report", {True: "PASS", False: "FAIL", None: ""}[r.passed])
                      for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for n, line in enumerate(lines):
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(line, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv=None) -> int:
    base_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    # The rows measured in this process (claims, roll-up, embedded writes) run with the
    # servers' production settings too: with DEBUG on, Django would format and keep every
    # statement, a cost no deployed claim pays.
    os.environ.update(server_env(base_url, redis_url), DJANGO_SETTINGS_MODULE="crowddo.settings")
    django.setup()  # settings only: nothing connects until a row needs the database
    args = parse_args(argv)
    if args.clients < 32:
        raise SystemExit("--clients must be at least 32 (the issue's contention floor)")
    only = set((args.only or "seed,rollup,claims,http,refresh,embedded").split(","))
    name = args.name or ("small" if args.small else "full")
    logs = ROOT / "test-artifacts" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    began = time.time()
    urls = prepare(base_url, redis_url, args)
    rows = measure(urls, redis_url, args, only, logs)
    print_table(rows)
    write_results(name, args, urls, rows, time.time() - began)
    checked = [r for r in rows if args.strict or r.target.startswith("value")]
    return 0 if all(r.passed is not False for r in checked) else 1


def measure(urls: dict, redis_url: str, args, only: set[str], logs: Path) -> list[Row]:
    rows: list[Row] = []
    if "seed" in only:
        rows.append(seed_row(urls["full"], redis_url, db_name(urls["empty"]), urls["full_args"]))
    else:
        manage(urls["full"], redis_url, "seed_scale", "--json", *urls["full_args"])
    from bench import claims, embedded, pageload, refresh, rollup  # after django.setup()

    if "rollup" in only:
        rows.append(rollup.rollup_row(repeat=1 if not args.small else 2))
    else:
        manage(urls["full"], redis_url, "rollup", "-v0")
    if "claims" in only:
        rows += claims.claims_rows(args.clients, args.claims_per_client or (3 if args.small else 8),
                                   args.rounds)
    if "http" in only:
        rows += pageload.http_rows(urls, redis_url, logs, workers=args.workers,
                               clients=args.http_clients,
                               seconds=args.http_seconds or (2 if args.small else 10),
                               rounds=args.rounds)
    if "embedded" in only:
        rows += embedded.embedded_rows(urls["full"], 5 if args.small else 20)
    if "refresh" in only:
        rows += refresh.refresh_rows(urls["full"], redis_url, logs,
                                     args.refresh_samples or (5 if args.small else 30))
    return rows


def write_results(name: str, args, urls: dict, rows: list[Row], seconds: float) -> Path:
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"name": name, "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "seconds": round(seconds, 1), "machine": machine(), "argv": sys.argv[1:],
               "seed_scale_args": urls["full_args"], "rows": [r.as_json() for r in rows]}
    out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return out


if __name__ == "__main__":
    sys.exit(main())
