"""A retried API write with the same Idempotency-Key has one effect."""

import json

from roles.models import Role
from tests.builders import bearer

BODY = {"title": "Retry-safe role", "responsibility": "One thing.", "capability": "relating"}


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
