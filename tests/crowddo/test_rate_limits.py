"""Login and sign-up are rate limited (allauth, counted in the cache)."""

import pytest

from tests import builders, factories

pytestmark = pytest.mark.usefixtures("fresh_cache")  # rate limiters count in the cache


def test_the_sixth_failed_login_in_five_minutes_is_refused_even_with_the_right_password(
        client, db):
    person = factories.UserFactory(email="target@example.org")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": person.email, "password": "nope"})
        assert response.status_code == 200
    response = client.post("/accounts/login/",
                           {"login": person.email, "password": "correct-horse-battery"})
    # allauth answers with the form and its error rather than a bare 429 page
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signups_from_one_address_are_limited(client, db, settings):
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == "20/h/ip"
    codes = [client.post("/accounts/signup/", {"email": f"n{i}@example.org",
                                               "password1": "x", "password2": "y"}).status_code
             for i in range(21)]
    assert codes[:20] == [200] * 20  # form errors (weak password), each counted
    assert codes[20] == 429


def _verified(email):
    return builders.verified(factories.UserFactory(email=email))


def test_failures_on_one_account_do_not_lock_another_account_at_the_same_address(client, db):
    attacked, neighbour = _verified("a@example.org"), _verified("b@example.org")
    for _ in range(6):
        client.post("/accounts/login/", {"login": attacked.email, "password": "nope"})
    refused = client.post("/accounts/login/", {"login": attacked.email,
                                               "password": "correct-horse-battery"})
    assert "Too many failed login attempts" in refused.content.decode()
    accepted = client.post("/accounts/login/", {"login": neighbour.email,
                                                "password": "correct-horse-battery"})
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(neighbour.pk)


def test_the_higher_per_address_limit_still_stops_a_spray_across_accounts(client, db, settings):
    ip_limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    assert ip_limit > 5
    for n in range(ip_limit):
        client.post("/accounts/login/", {"login": f"guess{n}@example.org", "password": "nope"})
    person = _verified("c@example.org")
    response = client.post("/accounts/login/", {"login": person.email,
                                                "password": "correct-horse-battery"})
    # allauth's per-address request limit (30/m) or the failed-login limit stops it, depending
    # on how fast the spray came; either way the answer says why.
    assert "too many" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session
