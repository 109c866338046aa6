"""sign-up asks a name, keeps `next`, and confirming the e-mail logs in and returns."""

import re

import pytest
from django.core import mail

from people.models import User

pytestmark = pytest.mark.usefixtures("fresh_cache")
PASSWORD = "a-long-passphrase-1"


def sign_up(client, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/accounts/signup/?next=/roles/7/", {
            "email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD,
            "next": "/roles/7/", **extra})


def test_sign_up_asks_a_display_name(client, db, django_capture_on_commit_callbacks):
    page = client.get("/accounts/signup/").content.decode()
    assert '<label for="id_display_name">' in page
    response = sign_up(client, django_capture_on_commit_callbacks, display_name="  ")
    assert response.status_code == 200
    assert "Enter the name others will see." in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()  # nothing half-written


def test_confirming_logs_in_and_returns_to_the_page_signed_up_from(
        client, db, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://demo.example:8231"
    sign_up(client, django_capture_on_commit_callbacks, display_name="Robin")
    assert User.objects.get(email="new@example.org").display_name == "Robin"
    [message] = mail.outbox
    assert message.subject.startswith("[CrowdDo] ")
    assert "example.com" not in message.subject + message.body
    assert "Hello from CrowdDo!" in message.body and "demo.example:8231" in message.body
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/roles/7/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.org").pk)


def test_confirming_in_another_browser_does_not_log_in(client, db,
                                                       django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, display_name="Robin")
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)",
                     mail.outbox[0].body).group(1)
    client.cookies.clear()  # the link opened elsewhere: confirmed, but not signed in
    response = client.post(link)
    assert response.status_code == 302 and "_auth_user_id" not in client.session
