"""Isolation matrix: every endpoint in the OpenAPI schema, called as {anonymous, another
organization's key, own key, revoked key}. Endpoints are discovered from the schema, so a new
endpoint without a row in TARGETS / WRITES below fails here until someone decides its rules."""

import json
import re

import pytest
from django.forms.models import model_to_dict
from drf_spectacular.generators import SchemaGenerator

from tests import factories
from tests.builders import API, bearer

SHARED_WORLD = True  # one two-tenant world per module (tests/api/conftest.py)

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
OPERATIONS = sorted((path, method.upper()) for path, item in SCHEMA["paths"].items()
                    for method in item if method in ("get", "post", "put", "patch", "delete"))

# Paths with a placeholder: which of organization A's rows to ask for. "public" rows are
# open data. Keys name the whole path (`collectives/{}/charter`), so a new nested endpoint
# fails `test_every_endpoint_has_rules` until someone decides its rule here.
TARGETS = {
    "organizations/{}": ("public", lambda t: t.org.slug),
    "regions/{}": ("public", lambda t: factories.RegionFactory().pk),
    "initiatives/{}": ("private", lambda t: t.private_initiative.slug),
    "roles/{}": ("private", lambda t: t.private_role.pk),
    "collectives/{}": ("private", lambda t: t.private_collective.slug),
    # Governance of A's private collective (charter, commitments, coverage, featured story
    # all carry A's marker); a public collective's governance is open: test_governance_api.
    "collectives/{}/charter": ("private", lambda t: t.private_collective.slug),
    "collectives/{}/commitments": ("private", lambda t: t.private_collective.slug),
    "collectives/{}/coverage": ("private", lambda t: t.private_collective.slug),
    "collectives/{}/stories": ("private", lambda t: t.private_collective.slug),
    "collectives/{}/indicators": ("private", lambda t: t.private_collective.slug),
    "decisions/{}": ("private", lambda t: t.decision.pk),
    "stats/initiatives/{}": ("private", lambda t: t.private_initiative.slug),
    "stats/initiatives/{}/series": ("private", lambda t: t.private_initiative.slug),
    "stats/collectives/{}": ("private", lambda t: t.private_collective.slug),
    "stats/collectives/{}/series": ("private", lambda t: t.private_collective.slug),
    # Organizations are open; which audience each caller gets: test_stats_audiences.
    "stats/organizations/{}": ("public", lambda t: t.org.slug),
    "stats/organizations/{}/series": ("public", lambda t: t.org.slug),
    "leadership/{}": ("private", lambda t: t.private_initiative.slug),
    "claims/{}": ("private", lambda t: t.claim.pk),
    "contributions/{}": ("private", lambda t: t.contribution.pk),
    "proposals/{}": ("private", lambda t: t.proposal.pk),
    "initiative-proposals/{}": ("private", lambda t: t.initiative_proposal.pk),
    "webhooks/{}": ("private", lambda t: t.endpoint.pk),
    "webhook-deliveries/{}": ("private", lambda t: t.delivery.pk),
    "webhook-deliveries/{}/replay": ("private", lambda t: t.delivery.pk),  # a write
    "webhooks/{}/rotate-secret": ("private", lambda t: t.endpoint.pk),  # a write
}
# Lists in which organization A's own key must find its private rows.
LISTS_WITH_PRIVATE_ROWS = {"initiatives", "roles", "collectives", "decisions", "claims",
                           "contributions", "proposals", "initiative-proposals", "webhooks",
                           "webhook-deliveries", "stats/initiatives", "stats/collectives",
                           "leadership"}

ROLE_BODY = {"title": "New role", "responsibility": "One thing.", "capability": "relating"}
# Writes: body, the row that must not change, and what the owner's write key gets.
WRITES = {
    ("/api/v1/roles/", "POST"): (
        lambda t: {**ROLE_BODY, "initiative": t.private_initiative.slug},
        lambda t: t.private_initiative, 201),
    ("/api/v1/roles/{id}/", "PATCH"): (
        lambda t: {"title": "Taken over"}, lambda t: t.private_role, 200),
    ("/api/v1/webhooks/", "POST"): (
        lambda t: {"url": "http://127.0.0.1:8409/hook", "events": ["role.claimed"]},
        lambda t: t.endpoint, 201),
    ("/api/v1/webhooks/{id}/", "PATCH"): (
        lambda t: {"url": "http://127.0.0.1:8409/stolen"}, lambda t: t.endpoint, 200),
    ("/api/v1/webhooks/{id}/", "DELETE"): (lambda t: {}, lambda t: t.endpoint, 204),
    ("/api/v1/webhooks/{id}/rotate-secret/", "POST"): (lambda t: {}, lambda t: t.endpoint, 200),
    ("/api/v1/webhook-deliveries/{id}/replay/", "POST"): (
        lambda t: {}, lambda t: t.delivery, 202),
}
# Creating an endpoint of one's own is not a leak: another key creates its own (201).
OTHER_MAY_CREATE_OWN = {("/api/v1/webhooks/", "POST")}


def resource_of(path: str) -> str:
    """A path as a rule name: /api/v1/collectives/{slug}/charter/ -> collectives/{}/charter.
    A list's CSV twin (/api/v1/csv/roles/) has its list's rule."""
    return re.sub(r"\{[^}]+\}", "{}", path.removeprefix(API).removeprefix("csv/").rstrip("/"))


def fill(path: str, tenant) -> str:
    if "{" not in path:
        return path
    kind, value = TARGETS[resource_of(path)]
    return re.sub(r"\{[^}]+\}", str(value(tenant)), path)


def callers(world):
    a, b = world["a"], world["b"]
    return {"anonymous": None, "other_read": b.keys["read"], "other_write": b.keys["write"],
            "own_read": a.keys["read"], "own_revoked": a.keys["revoked"]}


def assert_no_leak(response, world, caller):
    text = response.content.decode()
    a, b = world["a"], world["b"]
    assert "@example.org" not in text, "an e-mail address was served"
    if caller != "own_read":
        assert a.marker not in text, f"{caller} saw organization A's private rows"
    assert b.marker not in text or caller.startswith("other"), "A's key saw B's private rows"


def test_every_endpoint_has_rules():
    for path, method in OPERATIONS:
        if method == "GET" and "{" in path:
            assert resource_of(path) in TARGETS, f"add {path} to TARGETS"
        if method != "GET":
            assert (path, method) in WRITES, f"add {method} {path} to WRITES"


@pytest.mark.parametrize(("path", "method"), [op for op in OPERATIONS if op[1] == "GET"])
def test_reads_never_show_another_organizations_private_rows(api, world, path, method):
    url = fill(path, world["a"])
    kind = TARGETS[resource_of(path)][0] if "{" in path else "list"
    for caller, raw in callers(world).items():
        response = api.get(url, **bearer(raw))
        assert_no_leak(response, world, caller)
        if caller == "own_revoked":
            assert response.status_code == 401
        elif caller == "own_read" or kind == "public":
            assert response.status_code == 200, (caller, response.content[:300])
        elif kind == "private":
            assert response.status_code in ({401, 404} if caller == "anonymous" else {404})
        else:
            assert response.status_code in (200, 401)
    if "{" not in path and resource_of(path) in LISTS_WITH_PRIVATE_ROWS:
        own = api.get(url, **bearer(world["a"].keys["read"]))
        assert world["a"].marker in own.content.decode(), "own key should see its private rows"


@pytest.mark.parametrize(("path", "method"), [op for op in OPERATIONS if op[1] != "GET"])
def test_writes_need_own_write_scoped_key(api, world, path, method):
    a = world["a"]
    body_of, row_of, ok = WRITES[(path, method)]
    url, body = fill(path, a), body_of(a)
    row = row_of(a)
    before = model_to_dict(type(row).objects.get(pk=row.pk))
    send = getattr(api, method.lower())
    expected = {"anonymous": {401}, "other_read": {403, 404}, "other_write": {404},
                "own_read": {403}, "own_revoked": {401}}
    if (path, method) in OTHER_MAY_CREATE_OWN:
        expected["other_write"] = {ok}
    for caller, raw in callers(world).items():
        response = send(url, data=json.dumps(body), content_type="application/json",
                        **bearer(raw))
        assert response.status_code in expected[caller], (caller, response.content[:300])
        assert_no_leak(response, world, caller)
        if response.status_code >= 400:
            assert response.json()["message"]
    assert model_to_dict(type(row).objects.get(pk=row.pk)) == before
    response = send(url, data=json.dumps(body), content_type="application/json",
                    **bearer(a.keys["write"]))
    assert response.status_code == ok, response.content[:300]
