"""PostgreSQL drops the app's connection (failover, pg_terminate_backend, idle timeout):
the next request succeeds without restarting the app (CONN_HEALTH_CHECKS)."""

import os
import socket
import subprocess
import sys
import urllib.request

import psycopg2
import pytest
from django.db import connection

from tests.celery_fixtures import ROOT, database_url_of_test_db, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    """A port nothing listens on now, so parallel workers and checkouts never collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = 0  # the server fixture picks it


def _get(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


APP_NAME = "crowddo-dropped-connection-test"


def _server_backends(admin) -> list[int]:
    """Backend pids of the gunicorn app (libpq's PGAPPNAME names them): connections other
    tests of this worker left open (a live server's, say) are not the app's."""
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid() "
            "AND application_name = %s",
            [connection.settings_dict["NAME"], connection.connection.get_backend_pid(), APP_NAME],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def server(tmp_path):
    """gunicorn, one sync worker, persistent connections as in production (CONN_MAX_AGE=60)."""
    global PORT
    PORT = _free_port()
    connection.ensure_connection()
    env = {**os.environ, "DATABASE_URL": database_url_of_test_db(), "DEBUG": "true",
           # a cached anonymous page would not touch the database at all
           "PUBLIC_PAGE_CACHE_SECONDS": "0", "PGAPPNAME": APP_NAME}
    env.pop("REDIS_URL", None)
    log = (tmp_path / "gunicorn.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "crowddo.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "1", "--timeout", "30"], cwd=ROOT, env=env, stdout=log,
        stderr=subprocess.STDOUT,
    )

    def up():
        try:
            return _get("/healthz/")[0] == 200
        except OSError:
            return proc.poll() is not None  # stop waiting if it died
    wait_for(up, timeout=60)
    assert proc.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
    yield proc
    proc.terminate()
    proc.wait(timeout=20)


def test_next_request_succeeds_after_the_apps_connection_is_terminated(server):
    from tests import factories

    initiative = factories.InitiativeFactory(name="Survives a dropped connection")
    status, body = _get("/")
    assert status == 200 and initiative.name in body

    admin = psycopg2.connect(database_url_of_test_db())
    admin.autocommit = True
    try:
        before = _server_backends(admin)
        assert len(before) == 1, "the app keeps one persistent connection"
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [before[0]])
        wait_for(lambda: before[0] not in _server_backends(admin), timeout=10)

        status, body = _get("/")  # same process: no restart

        assert status == 200, body[-2000:]
        assert initiative.name in body
        after = _server_backends(admin)
        assert len(after) == 1 and after != before  # a fresh connection replaced the dead one
        assert _get("/healthz/")[0] == 200
    finally:
        admin.close()
    assert server.poll() is None  # the same process served every request
