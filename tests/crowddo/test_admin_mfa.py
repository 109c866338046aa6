"""With ADMIN_REQUIRE_MFA, staff reach the admin only after a TOTP sign-in."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.test import override_settings

from tests import factories


@pytest.fixture
def staff(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def _add_totp(user):
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                        data={"secret": "JBSWY3DPEHPK3PXP"})


def _mark_session_mfa(client, user):
    """What allauth stores after a TOTP code was accepted in this session."""
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "at": time.time(),
                                                    "type": "totp"}]
    session.save()


@override_settings(ADMIN_REQUIRE_MFA=True)
def test_admin_password_login_is_replaced_by_the_allauth_login(client, db):
    response = client.get("/admin/login/?next=/admin/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=%2Fadmin%2Fpeople%2F")


@override_settings(ADMIN_REQUIRE_MFA=True)
def test_staff_without_totp_are_sent_to_set_one_up(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/?next=%2Fadmin%2F")


@override_settings(ADMIN_REQUIRE_MFA=True)
def test_staff_with_totp_but_a_password_only_session_must_enter_a_code(client, staff):
    _add_totp(staff)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=%2Fadmin%2F")


@override_settings(ADMIN_REQUIRE_MFA=True)
def test_staff_who_signed_in_with_totp_reach_the_admin(client, staff):
    _add_totp(staff)
    client.force_login(staff)
    _mark_session_mfa(client, staff)
    assert client.get("/admin/").status_code == 200


@override_settings(ADMIN_REQUIRE_MFA=True)
def test_mfa_rule_does_not_touch_other_pages(client, staff):
    client.force_login(staff)
    assert client.get("/").status_code == 200


@override_settings(ADMIN_REQUIRE_MFA=False)
def test_without_the_setting_the_demo_admin_needs_only_a_password(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").status_code in (200, 302)


def test_admin_mfa_defaults_on_when_debug_is_off():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "x.org",
           "SECRET_KEY": "k3J9-vQ2_xLp7ZrT0mWc8aYbN4sHdE6fUgKiO1jPqRtSuVwXyZ5nB"}
    code = "import django; django.setup(); from django.conf import settings; " \
           "print(settings.ADMIN_REQUIRE_MFA)"
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         env={**env, "DJANGO_SETTINGS_MODULE": "crowddo.settings"}, timeout=60)
    assert out.stdout.strip() == "True", out.stderr
