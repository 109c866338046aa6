"""A real Redis broker and a real `celery worker` subprocess for the tests that need them."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection
from django.test import override_settings

from crowddo.celery import app

ROOT = Path(__file__).resolve().parents[1]


def _reset_pools():
    app._pool = None
    app.amqp._producer_pool = None


def database_url_of_test_db() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def redis_broker(transactional_db):
    """Publish tasks to the real Redis (an emptied database) instead of running them eagerly."""
    url = os.environ["CROWDDO_TEST_REDIS_URL"]
    redis.Redis.from_url(url).flushdb()
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.update(broker_url=url, task_always_eager=False)
    _reset_pools()
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        yield url
    app.conf.update(broker_url=saved[0], task_always_eager=saved[1])
    _reset_pools()


def start_worker(broker_url: str, log: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url_of_test_db(), "REDIS_URL": broker_url,
           "DEBUG": "true"}
    env.pop("CROWDDO_TEST_REDIS_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "crowddo", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--loglevel=INFO", *extra],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return proc


def stop_worker(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def celery_worker(redis_broker, tmp_path):
    """A real worker process consuming from the test broker, against the test database."""
    proc = start_worker(redis_broker, tmp_path / "worker.log")
    proc.log = tmp_path / "worker.log"
    yield proc
    stop_worker(proc)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or fail with a clear message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
