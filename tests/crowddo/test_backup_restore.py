"""scripts/backup_restore_check.sh against a small seeded database of its own."""

import os
import subprocess
import sys

import psycopg2
import psycopg2.errors
import pytest
from django.db import connections

from tests.celery_fixtures import ROOT, database_url_of_test_db

# Slow: it migrates and seeds a database in subprocesses. Slow database tests run first
# (tests/scheduling_plugin.py), so under xdist one worker's first chunk takes the whole
# module and that is done once (were it split, each worker would build its own copy).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db, pytest.mark.slow]

SCRIPT = ROOT / "scripts" / "backup_restore_check.sh"


def _named(suffix: str) -> str:
    """A database name of this test run's own (test_h_x_gw0_backup_src): never shared with a
    parallel worker or another checkout's run."""
    return f"{database_url_of_test_db().rsplit('/', 1)[1]}_{suffix}"


def _server_url(db_name: str) -> str:
    return database_url_of_test_db().rsplit("/", 1)[0] + f"/{db_name}"


def _admin(sql: str) -> None:
    conn = psycopg2.connect(_server_url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def _manage(*args: str, db_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": db_url, "DEBUG": "true"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)


def _run(source: str, scratch: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _server_url(source), "SCRATCH_DB": scratch}
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=300)


def _create_migrated(name: str) -> None:
    """A copy of this worker's migrated test database (PostgreSQL's TEMPLATE copies it in
    a moment); when another session holds it open (a live Celery worker), migrate instead."""
    template = database_url_of_test_db().rsplit("/", 1)[1]
    connections.close_all()
    try:
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    except psycopg2.errors.ObjectInUse:
        _admin(f'CREATE DATABASE "{name}"')
        _manage("migrate", "--noinput", db_url=_server_url(name))


@pytest.fixture(scope="module")
def seeded_source(django_db_setup, django_db_blocker):  # after it, NAME is the test database
    with django_db_blocker.unblock():
        source = _named("backup_src")
        _admin(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)')
        _create_migrated(source)
        _manage("seed_demo", db_url=_server_url(source))
        yield source
        _admin(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)')


def _database_exists(name: str) -> bool:
    conn = psycopg2.connect(_server_url("postgres"))
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    conn.close()
    return found


def test_backup_restores_with_every_row_count_equal(seeded_source):
    result = _run(seeded_source, _named("restore_ok"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every count equal after restore" in result.stdout
    tables = int(result.stdout.split("OK: ")[1].split(" tables")[0])
    assert tables > 20  # every app's tables, not an empty schema
    assert not _database_exists(_named("restore_ok"))  # the scratch copy is dropped


def test_a_mismatch_makes_the_script_fail(seeded_source, tmp_path):
    # Fake pg_restore that restores, then loses one row: the comparison must catch it.
    fake = tmp_path / "pg_restore"
    fake.write_text(
        "#!/usr/bin/env bash\nset -e\n/usr/bin/pg_restore \"$@\"\n"
        "for a in \"$@\"; do case $a in --dbname=*) db=${a#--dbname=};; esac; done\n"
        "psql -X -q -d \"$db\" -c 'DELETE FROM django_migrations WHERE id = "
        "(SELECT max(id) FROM django_migrations)'\n")
    fake.chmod(0o755)
    env = {**os.environ, "DATABASE_URL": _server_url(seeded_source),
           "SCRATCH_DB": _named("restore_bad"), "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    result = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1
    assert "row counts differ" in result.stderr
    assert "django_migrations" in result.stdout  # the diff names the table
    assert not _database_exists(_named("restore_bad"))


def test_misuse_is_refused_with_a_message():
    env = {**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"}
    result = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "must be a postgres://" in result.stderr
