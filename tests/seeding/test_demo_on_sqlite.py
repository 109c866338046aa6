"""`make run`'s own path, on its own database: migrate and seed the demo on a fresh SQLite file
(the embedded default), in a subprocess, as `make run` does.

The rest of the suite runs on PostgreSQL, so SQL that only PostgreSQL accepts (a row lock
SQLite lacks, an ORDER BY inside a UNION) passed every test while `make run` stopped at the
demo's first claim. About a minute of one core: the price of the two commands in the README.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")


def manage(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEMO_MODE": "true",
           "EMBEDDED_SCHEDULER": "false", "SITE_URL": "http://127.0.0.1:8231"}
    for name in ("REDIS_URL", "CROWDDO_TESTING", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=600)


def test_make_run_seeds_the_demo_on_sqlite_without_an_error(tmp_path):
    db = tmp_path / "demo.sqlite3"
    migrated = manage("migrate", "--noinput", "-v", "0", db=db)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    # The PostgreSQL-only INCLUDE of the role list's indexes is silenced on SQLite, on purpose
    assert "W040" not in migrated.stdout + migrated.stderr
    seeded = manage("seed_demo", db=db)
    output = seeded.stdout + seeded.stderr
    assert seeded.returncode == 0, output[-3000:]
    assert "level=ERROR" not in output, output[:3000]  # e.g. a roll-up that could not run
    lines = seeded.stdout.rstrip().splitlines()
    assert lines[0].startswith("Demo data ready: 5 organizations")
    assert lines[-1].strip().startswith("dana@crowddo.test")  # the logins come last
