"""Shared helpers for the benchmark harness: databases, subprocesses, statistics, result rows."""

from __future__ import annotations

import math
import os
import socket
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/crowddo_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"


@dataclass
class Row:
    """One line of the table: CrowdDo against a raw baseline measured in the same run."""

    name: str
    unit: str
    crowddo: float
    baseline: float
    # On the ratio: ">= 0.5", "<= 2", "== 1"; on CrowdDo's own figure: "value == 0";
    # "" when the row is reported only.
    target: str
    details: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.crowddo / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool | None:
        if not self.target:
            return None
        *on, op, limit = self.target.split()
        value = self.crowddo if on == ["value"] else round(self.ratio, 3)
        limit = float(limit)
        return {">=": value >= limit, "<=": value <= limit, "==": value == limit}[op]

    def as_json(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "pass": self.passed}


def assert_port_silent(port: int) -> None:
    """Fail loudly if anything answers on `port` before the server we mean to start is on it:
    another session's server there would otherwise be measured in place of ours."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            pass
    except OSError:
        return
    raise RuntimeError(f"port {port} answered before our server started on it: another "
                       "process is listening there, and the benchmark would measure it")


def listening_socket(backlog: int = 256) -> socket.socket:
    """A loopback socket on a port the OS picked, already listening, for a server we start
    (gunicorn --bind fd://N). We hold the port from the moment the OS gives it to us, so no
    other process can be serving on it when we measure; no port number is fixed anywhere."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        assert_port_silent(sock.getsockname()[1])  # bound, not listening: nothing may answer
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def free_port() -> int:
    """A port the OS reports free, for a server that cannot take an inherited socket
    (redis-server). Checked silent here; the caller must also check the server that answers
    is the one it started (bench/soak.py compares redis's process id)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert_port_silent(port)
    return port


def db_url(base_url: str, name: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def admin_connection(base_url: str):
    conn = psycopg2.connect(db_url(base_url, "postgres"))
    conn.autocommit = True
    return conn


def recreate_database(base_url: str, name: str, template: str | None = None) -> None:
    if not name.startswith("crowddo_bench"):
        raise SystemExit(f"refusing to touch database {name!r}: bench databases are crowddo_bench*")
    conn = admin_connection(base_url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    conn.close()


def drop_database(base_url: str, name: str) -> None:
    conn = admin_connection(base_url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def server_env(database_url: str, redis_url: str, **extra: str) -> dict:
    """Production-like settings for the processes we start (DEBUG off, no TLS redirect)."""
    return {
        **os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 60, "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0", "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        # 16 anonymous clients on one address would hit the partner API's 60/min at once.
        "API_THROTTLE_ANON": "1000000/min", **extra,
    }


def manage(database_url: str, redis_url: str, *args: str) -> str:
    """Run a management command in its own process; return its stdout (fail loudly)."""
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=server_env(database_url, redis_url),
        capture_output=True, text=True, check=False,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
