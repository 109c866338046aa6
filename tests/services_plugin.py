"""Decide, before Django loads its settings, which real services the tests use.

Loaded with `-p tests.services_plugin` (pyproject addopts) so it runs before
pytest-django reads settings. PostgreSQL: DATABASE_URL, defaulting to the local
server; the whole suite runs on it when it answers. Redis: REDIS_URL, defaulting
to the local server, kept for the tests marked `redis` (the rest of the suite
runs Celery eagerly). An unreachable service skips the tests that need it, with
the reason — except when CI=true, where it stops the run as a failure.

Under pytest-xdist (`make test`) every worker gets its own PostgreSQL test database
(pytest-django appends _gw0, _gw1, ...) and its own Redis database (below), so workers
never see each other's rows, queues or cache keys.
"""

import os
import socket
from urllib.parse import urlsplit, urlunsplit

import pytest

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _reachable(url: str) -> str | None:
    """None when a TCP connection to the URL's host and port succeeds, else the reason."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (6379 if parts.scheme == "redis" else 5432)
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as exc:
        return f"{parts.scheme} at {host}:{port} is unreachable ({exc})"
    return None


# Set by pytest-xdist in each worker process (gw0, gw1, ...); None in a serial run.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
REDIS_DATABASES = 16  # Redis' default `databases`


def redis_url_for_worker(base_url: str, worker: str | None, dbs: str = "") -> str:
    """The base URL in a serial run; in xdist worker gwK its own Redis database.

    dbs ("7,10,11") lists the databases workers may use, in order; without it worker K
    takes the base database plus K (wrapping at 16), so no two workers share one.
    """
    if worker is None:
        return base_url
    index = int(worker.removeprefix("gw"))
    parts = urlsplit(base_url)
    if dbs.strip():
        allowed = [int(db) for db in dbs.split(",") if db.strip()]
        if index >= len(allowed):
            raise pytest.UsageError(
                f"TEST_REDIS_DBS={dbs!r} names {len(allowed)} databases, too few for worker "
                f"{worker}: list one per worker or run fewer (TEST_WORKERS)")
        db = allowed[index]
    else:
        db = (int(parts.path.strip("/") or 0) + index) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{db}"))


DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
# xdist workers inherit the controller's environment, where REDIS_URL is already popped:
# the base URL is passed on to them in CROWDDO_TEST_REDIS_BASE_URL.
BASE_REDIS_URL = (os.environ.pop("REDIS_URL", None)
                  or os.environ.get("CROWDDO_TEST_REDIS_BASE_URL") or DEFAULT_REDIS_URL)
os.environ["CROWDDO_TEST_REDIS_BASE_URL"] = BASE_REDIS_URL
REDIS_URL = redis_url_for_worker(BASE_REDIS_URL, XDIST_WORKER,
                                 os.environ.get("TEST_REDIS_DBS", ""))
os.environ["CROWDDO_TEST_REDIS_URL"] = REDIS_URL

POSTGRES_DOWN = (
    _reachable(DATABASE_URL)
    if DATABASE_URL.startswith("postgres")
    else "DATABASE_URL is not PostgreSQL"
)
REDIS_DOWN = _reachable(REDIS_URL)

if POSTGRES_DOWN and IN_CI:
    raise pytest.UsageError(f"CI=true and PostgreSQL is needed: {POSTGRES_DOWN}")
if REDIS_DOWN and IN_CI:
    raise pytest.UsageError(f"CI=true and Redis is needed: {REDIS_DOWN}")
if POSTGRES_DOWN:
    os.environ.pop("DATABASE_URL", None)  # the rest of the suite runs on SQLite
else:
    os.environ["DATABASE_URL"] = DATABASE_URL


def pytest_report_header(config):
    pg = f"skipped: {POSTGRES_DOWN}" if POSTGRES_DOWN else DATABASE_URL
    rd = f"skipped: {REDIS_DOWN}" if REDIS_DOWN else REDIS_URL
    return [f"crowddo services: postgres={pg}; redis={rd}"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if POSTGRES_DOWN and item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL: {POSTGRES_DOWN}"))
        if REDIS_DOWN and item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.skip(reason=f"needs Redis: {REDIS_DOWN}"))
