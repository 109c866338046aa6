"""Bad environment values stop start-up with a message that says what to set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3J9-vQ2_xLp7ZrT0mWc8aYbN4sHdE6fUgKiO1jPqRtSuVwXyZ5nB"  # 52 varied chars


def start(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS",
                          "EMAIL_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("env, message", [
    ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY is not set"),
    ({"DEBUG": "false", "SECRET_KEY": "short", "ALLOWED_HOSTS": "example.org"},
     "SECRET_KEY is too short"),
    ({"DEBUG": "false", "SECRET_KEY": GOOD_SECRET}, "ALLOWED_HOSTS is empty"),
    ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
    ({"DATABASE_URL": "postgres://user@host:notaport/db"}, "DATABASE_URL is malformed"),
    ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is malformed"),
    ({"REDIS_URL": "localhost:6379"}, "is not a Redis URL"),
    ({"EMAIL_URL": "carrier-pigeon://coop"}, "EMAIL_URL='carrier-pigeon://coop' is not understood"),
    ({"SESSION_COOKIE_AGE": "two weeks"}, "SESSION_COOKIE_AGE='two weeks' is not a whole number"),
    ({"CACHE_CONNECT_TIMEOUT": "2"}, "CACHE_CONNECT_TIMEOUT must be at most 0.5 s"),
    ({"CACHE_BREAKER_SECONDS": "soon"}, "CACHE_BREAKER_SECONDS='soon' is not a number"),
])
def test_bad_environment_stops_startup_with_a_clear_message(env, message):
    result = start(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_nothing_set_is_the_embedded_default():
    result = start({})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_with_production_values_is_clean():
    env = {
        "DEBUG": "false", "SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "crowddo.example.org",
        "DATABASE_URL": "postgres://crowddo:pw@db.internal:5432/crowddo",
        "REDIS_URL": "redis://cache.internal:6379/0", "EMAIL_URL": "smtp://u:p@mail.internal:587",
    }
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_email_url_parses_smtp():
    from crowddo.env import email_config

    config = email_config("smtp://me%40x.org:s3cret@mail.example.org:2525")
    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_PORT"] == 2525
    assert config["EMAIL_HOST_USER"] == "me@x.org"
    assert config["EMAIL_USE_TLS"] is True


def _check_deploy(**extra):
    env = {
        "DEBUG": "false", "SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "crowddo.example.org",
        "DATABASE_URL": "postgres://crowddo:pw@db.internal:5432/crowddo",
        "REDIS_URL": "redis://cache.internal:6379/0", **extra,
    }
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "BEHIND_TLS_PROXY",
                          "TRUSTED_PROXY_COUNT"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("email_url", [None, "console://"])
def test_check_deploy_fails_when_mail_would_go_to_the_console_with_debug_off(email_url):
    result = _check_deploy(**({"EMAIL_URL": email_url} if email_url else {}))
    assert result.returncode != 0  # an Error, not a warning: deployment scripts stop here
    assert "crowddo.E001" in result.stderr and "password-reset links" in result.stderr
    assert "EMAIL_URL=smtp://" in result.stderr


def test_check_deploy_warns_behind_a_proxy_without_a_proxy_count():
    result = _check_deploy(EMAIL_URL="smtp://u:p@mail.internal:587", BEHIND_TLS_PROXY="true")
    assert "crowddo.W002" in result.stderr + result.stdout
    counted = _check_deploy(EMAIL_URL="smtp://u:p@mail.internal:587", BEHIND_TLS_PROXY="true",
                            TRUSTED_PROXY_COUNT="1")
    assert "crowddo.W002" not in counted.stderr + counted.stdout
