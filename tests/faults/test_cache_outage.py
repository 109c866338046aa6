"""Redis (the cache) is unreachable: the site degrades, it does not fail.

Both cache aliases are pointed at a port where nothing listens (the machine's Redis is never
touched). Pages, the dashboards, sign-in and API reads answer without a 5xx; the circuit
breaker opens on the first failure, so later requests do not try the network again; limits
keep counting per process; an API write with an Idempotency-Key answers 503 + Retry-After.
"""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from redis.connection import Connection

from crowddo import cache as crowddo_cache
from roles.models import Role
from tests import factories
from tests.builders import api_key, bearer

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1
OPTIONS = {"CONNECT_TIMEOUT": 0.3, "BREAKER_SECONDS": 60}


@pytest.fixture
def cache_down(settings):
    crowddo_cache.reset_breakers()
    settings.CACHES = {
        "default": {"BACKEND": "crowddo.cache.DegradingRedisCache", "LOCATION": DEAD,
                    "OPTIONS": OPTIONS},
        "shared": {"BACKEND": "crowddo.cache.SharedRedisCache", "LOCATION": DEAD,
                   "OPTIONS": OPTIONS},
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 5  # the page cache is on, as in production
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    caches["default"].local.clear()  # counts kept in this process during an earlier test
    yield caches["shared"].breaker
    caches["default"].local.clear()
    crowddo_cache.reset_breakers()


@pytest.fixture
def connects(monkeypatch):
    """How many times anything tried to open a connection to Redis."""
    attempts = []
    real = Connection.connect

    def counting(self, *args, **kwargs):
        attempts.append(self.port)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "connect", counting)
    return attempts


def _verified_person():
    person = factories.UserFactory()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def test_pages_sign_in_and_api_reads_answer_and_the_breaker_opens(
        client, db, cache_down, connects):
    collective = factories.CollectiveFactory(is_public=True)
    factories.RoleFactory()
    person = _verified_person()
    assert not cache_down.is_open

    assert client.get("/").status_code == 200
    assert cache_down.is_open  # the first failure opened it
    assert client.get(f"/collectives/{collective.slug}/").status_code == 200
    assert client.get("/roles/").status_code == 200
    assert client.get("/api/v1/roles/").status_code == 200
    assert client.get("/api/v1/").status_code == 200
    signed_in = client.post("/accounts/login/", {"login": person.email,
                                                 "password": "correct-horse-battery"})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)  # the session is in the database
    assert client.get("/me/").status_code == 200

    # One attempt to reach Redis in all of that: the open breaker answered the rest at once.
    assert connects == [1]


def test_sessions_stay_in_the_database(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_healthz_says_degraded_with_the_cache_as_the_failing_part(client, db, cache_down):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert "cache" in body["failing"]
    assert body["checks"]["database"]["status"] == "ok"


def test_login_limits_still_count_while_the_cache_is_down(client, db, cache_down):
    person = _verified_person()
    for _ in range(5):
        client.post("/accounts/login/", {"login": person.email, "password": "nope"})
    response = client.post("/accounts/login/", {"login": person.email,
                                                "password": "correct-horse-battery"})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert cache_down.is_open


def test_signup_limits_still_count_while_the_cache_is_down(client, db, cache_down):
    codes = [client.post("/accounts/signup/", {"email": f"n{i}@example.org", "password1": "x",
                                               "password2": "y"}).status_code
             for i in range(21)]
    assert codes[20] == 429


def test_api_throttles_fall_back_to_a_local_limiter(client, db, cache_down, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "key": "3/min"}}
    codes = [client.get("/api/v1/roles/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert cache_down.is_open


def test_a_write_with_an_idempotency_key_answers_503_with_retry_after(client, db, cache_down):
    organization = factories.OrganizationFactory()
    initiative = factories.InitiativeFactory(organization=organization)
    _, raw = api_key(organization, can_write=True)
    body = {"title": "Retry-safe role", "responsibility": "One thing.",
            "capability": "relating", "initiative": initiative.slug}
    response = client.post("/api/v1/roles/", json.dumps(body), content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="k-1", **bearer(raw))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Retry" in response.json()["message"]
    assert not Role.objects.filter(title="Retry-safe role").exists()
    # Without a key the same write goes through: nothing to replay, nothing to guard.
    plain = client.post("/api/v1/roles/", json.dumps(body), content_type="application/json",
                        **bearer(raw))
    assert plain.status_code == 201, plain.content


def test_the_breaker_lets_one_call_through_after_its_time_and_closes_on_success():
    breaker = crowddo_cache.Breaker(seconds=0)
    breaker.failed(OSError("down"))
    assert breaker.is_open
    assert breaker.allow()  # the trial call
    breaker.succeeded()
    assert not breaker.is_open
    slow = crowddo_cache.Breaker(seconds=3600)
    slow.failed(OSError("down"))
    assert not slow.allow()
