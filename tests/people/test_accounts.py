"""allauth in the site's layout, e-mail sent by Celery after commit, login rate limits, MFA."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests import factories
from tests.builders import verified

pytestmark = pytest.mark.usefixtures("fresh_cache")  # rate limiters count in the cache


def test_signup_page_uses_the_site_layout(client, db):
    page = client.get("/accounts/signup/").content.decode()
    assert "css/site.css" in page and 'href="/roles/"' in page
    assert '<label for="id_email">' in page and '<label for="id_password1">' in page


def test_signup_sends_the_verification_mail_after_commit(client, db,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/accounts/signup/", {"email": "new@example.org", "display_name": "New",
                                          "password1": "a-long-passphrase-1",
                                          "password2": "a-long-passphrase-1"})
        assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert not EmailAddress.objects.get(email="new@example.org").verified


def test_failed_logins_are_rate_limited(client, db):
    user = factories.UserFactory(email="target@example.org")
    verified(user)
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": user.email,
                                                "password": "correct-horse-battery"})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_mfa_pages_render_in_the_site_layout(client, db):
    user = factories.UserFactory()
    verified(user)
    client.force_login(user)
    page = client.get("/accounts/2fa/").content.decode()
    assert "css/site.css" in page and "Authenticator" in page
    totp = client.get("/accounts/2fa/totp/activate/")
    assert totp.status_code in (200, 302)
