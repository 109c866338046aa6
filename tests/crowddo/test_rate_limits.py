"""Login and sign-up are rate limited (allauth, counted in the cache)."""

import pytest

from tests import factories

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
