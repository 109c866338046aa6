"""A retried API write with the same Idempotency-Key has one effect."""

import json

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from roles.models import Role
from tests.builders import bearer

BODY = {"title": "Retry-safe role", "responsibility": "One thing.", "capability": "relating"}


def cache_keys() -> list[str]:
    if isinstance(cache, RedisCache):
        return [k.decode() for k in cache._cache.get_client().keys("*")]
    return list(cache._cache)  # local memory


def post(api, raw, body, key=None):
    headers = {**bearer(raw), **({"HTTP_IDEMPOTENCY_KEY": key} if key else {})}
    return api.post("/api/v1/roles/", json.dumps(body), content_type="application/json",
                    **headers)


def test_the_same_key_twice_creates_one_role_and_replays_the_answer(api, world):
    a = world["a"]
    body = {**BODY, "initiative": a.private_initiative.slug}
    first = post(api, a.keys["write"], body, key="retry-123")
    again = post(api, a.keys["write"], body, key="retry-123")
    assert first.status_code == 201
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert Role.objects.filter(title="Retry-safe role").count() == 1


def test_without_a_key_a_retry_is_a_second_write(api, world):
    a = world["a"]
    body = {**BODY, "initiative": a.private_initiative.slug}
    assert post(api, a.keys["write"], body).status_code == 201
    assert post(api, a.keys["write"], body).status_code == 201
    assert Role.objects.filter(title="Retry-safe role").count() == 2


def test_a_key_reused_for_a_different_request_is_refused(api, world):
    a = world["a"]
    post(api, a.keys["write"], {**BODY, "initiative": a.private_initiative.slug}, key="k1")
    other = post(api, a.keys["write"],
                 {**BODY, "title": "Other", "initiative": a.private_initiative.slug}, key="k1")
    assert other.status_code == 422
    assert "different request" in other.json()["message"]
    assert not Role.objects.filter(title="Other").exists()


def test_keys_are_scoped_to_the_credential(api, world):
    a, b = world["a"], world["b"]
    post(api, a.keys["write"], {**BODY, "initiative": a.private_initiative.slug}, key="shared")
    theirs = post(api, b.keys["write"], {**BODY, "initiative": a.private_initiative.slug},
                  key="shared")
    assert theirs.status_code == 404  # b's key gets its own answer, not a's replayed 201
    assert "Idempotent-Replayed" not in theirs


def test_a_malformed_key_is_a_clear_400(api, world):
    a = world["a"]
    response = post(api, a.keys["write"], {**BODY, "initiative": a.private_initiative.slug},
                    key="not a valid key!")
    assert response.status_code == 400
    assert "Idempotency-Key must be" in response.json()["message"]
    assert not Role.objects.filter(title="Retry-safe role").exists()


def test_only_a_success_is_stored_so_a_refused_write_can_be_retried(api, world, settings):
    a = world["a"]
    body = {**BODY, "initiative": a.private_initiative.slug}
    invalid = post(api, a.keys["write"], {**body, "capability": "juggling"}, key="fix-me")
    assert invalid.status_code == 400
    assert post(api, a.keys["write"], {**body, "capability": "juggling"},
                key="fix-me").get("Idempotent-Replayed") is None  # answered again, not replayed
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/min", "key": "1/min", "auth_failure": "10000/min"}}
    throttled = post(api, a.keys["write"], body, key="after-429")
    assert throttled.status_code == 429
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/min", "key": "10000/min", "auth_failure": "10000/min"}}
    retried = post(api, a.keys["write"], body, key="after-429")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert Role.objects.filter(title="Retry-safe role").count() == 1


def test_unauthenticated_writes_store_nothing(api, world):
    a = world["a"]
    for n in range(5):
        answer = post(api, None, {**BODY, "initiative": a.private_initiative.slug},
                      key=f"anon-{n}")
        assert answer.status_code == 401
    assert not [k for k in cache_keys() if "idem:" in k]
    answer = post(api, "bogus.key", {**BODY, "initiative": a.private_initiative.slug},
                  key="bogus-1")
    assert answer.status_code == 401
    assert not [k for k in cache_keys() if "idem:" in k]
