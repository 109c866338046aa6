"""Decide, before Django loads its settings, which real services the tests use.

Loaded with `-p tests.services_plugin` (pyproject addopts) so it runs before
pytest-django reads settings. PostgreSQL: DATABASE_URL, defaulting to the local
server; the whole suite runs on it when it answers. Redis: REDIS_URL, defaulting
to the local server, kept for the tests marked `redis` (the rest of the suite
runs Celery eagerly). An unreachable service skips the tests that need it, with
the reason — except when CI=true, where it stops the run as a failure.
"""

import os
import socket
from urllib.parse import urlsplit

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


DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
REDIS_URL = os.environ.pop("REDIS_URL", None) or DEFAULT_REDIS_URL
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
