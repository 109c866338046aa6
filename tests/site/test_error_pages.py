"""the site's own error pages (DEBUG off, as in the demo), JSON under /api/, and the
demo mode that `make run` uses."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from crowddo.api import handlers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_debug(settings):
    settings.DEBUG = False


def test_a_mistyped_address_gets_a_page_that_helps(client, db, no_debug):
    response = client.get("/rolez/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and 'action="/roles/"' in page and 'href="/"' in page
    assert "URLconf" not in page and "css/site.css" in page  # not Django's technical page


def test_the_api_still_answers_json(client, db, no_debug):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_a_hidden_page_is_a_styled_404(client, db, no_debug):
    response = client.get("/collectives/no-such-collective/accountability/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_the_500_page_needs_no_request_context(db):
    response = handlers.server_error(RequestFactory().get("/roles/1/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and 'action="/roles/"' in page


def test_the_403_page(db, no_debug):
    response = handlers.permission_denied(RequestFactory().get("/x/"), Exception())
    assert response.status_code == 403 and "You may not open this page" in response.content.decode()


def test_demo_mode_serves_static_files_with_debug_off(db, settings):
    settings.DEBUG, settings.WHITENOISE_USE_FINDERS = False, True
    response = Client().get("/static/css/site.css")  # a new client: WhiteNoise reads settings
    assert response.status_code == 200


def show(env: dict) -> str:
    keep = {k: v for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "DEMO_MODE"}}
    code = ("from django.conf import settings as s; print(s.DEBUG, s.LOCAL, "
            "s.WHITENOISE_USE_FINDERS, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                            env={**keep, **env}, capture_output=True, text=True, timeout=60)
    return (result.stdout.strip().splitlines() or [""])[-1] + result.stderr


def test_demo_mode_turns_debug_off_and_keeps_the_local_conveniences():
    assert show({"DEMO_MODE": "true", "DEBUG": "true"}) == "False True True False False"


def test_without_demo_mode_debug_off_still_needs_a_real_key():
    assert "SECRET_KEY is not set" in show({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"})


def test_checkbox_labels_end_without_a_colon(client, db):
    """"Remote roles" after its box, not "Remote roles:"."""
    page = client.get("/roles/").content.decode()
    assert '<label for="id_remote">Remote roles</label>' in page
    # allauth's forms too: "Remember me" after its box on the sign-in page.
    login = client.get("/accounts/login/").content.decode()
    assert re.search(r'<input type="checkbox" name="remember" id="id_remember">\s*'
                     r'<label for="id_remember">Remember me</label>', login)
    assert '<label for="id_login">Email:</label>' in login
