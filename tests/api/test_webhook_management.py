"""Partners manage their webhooks through the API: delete one, rotate its secret, and guard
writes with If-Match; another organization's key can do none of it."""

import json

from roles.models import Role
from tests.builders import API, bearer
from webhooks.models import WebhookDelivery, WebhookEndpoint

SHARED_WORLD = True  # one two-tenant world per module (tests/api/conftest.py)


def test_a_write_key_deletes_its_endpoint_and_its_log(api, world):
    a = world["a"]
    response = api.delete(f"{API}webhooks/{a.endpoint.pk}/", **bearer(a.keys["write"]))
    assert response.status_code == 204
    assert not WebhookEndpoint.objects.filter(pk=a.endpoint.pk).exists()
    assert not WebhookDelivery.objects.filter(pk=a.delivery.pk).exists()


def test_rotating_the_secret_shows_a_new_one_once(api, world):
    a = world["a"]
    old = a.endpoint.secret
    response = api.post(f"{API}webhooks/{a.endpoint.pk}/rotate-secret/",
                        **bearer(a.keys["write"]))
    assert response.status_code == 200
    fresh = response.json()["secret"]
    assert fresh != old and WebhookEndpoint.objects.get(pk=a.endpoint.pk).secret == fresh
    listed = api.get(f"{API}webhooks/{a.endpoint.pk}/", **bearer(a.keys["write"])).json()
    assert "secret" not in listed


def test_another_organization_cannot_delete_or_rotate(api, world):
    a, b = world["a"], world["b"]
    for call in (lambda: api.delete(f"{API}webhooks/{a.endpoint.pk}/", **bearer(b.keys["write"])),
                 lambda: api.post(f"{API}webhooks/{a.endpoint.pk}/rotate-secret/",
                                  **bearer(b.keys["write"]))):
        assert call().status_code == 404
    assert WebhookEndpoint.objects.get(pk=a.endpoint.pk).secret == a.endpoint.secret


def test_a_read_only_key_and_no_key_cannot_delete(api, world):
    a = world["a"]
    assert api.delete(f"{API}webhooks/{a.endpoint.pk}/",
                      **bearer(a.keys["read"])).status_code == 403
    assert api.delete(f"{API}webhooks/{a.endpoint.pk}/").status_code == 401
    assert WebhookEndpoint.objects.filter(pk=a.endpoint.pk).exists()


def test_if_match_with_a_stale_etag_is_412_and_changes_nothing(api, world):
    a = world["a"]
    url = f"{API}roles/{a.private_role.pk}/"
    etag = api.get(url, **bearer(a.keys["write"]))["ETag"]
    patch = {"title": "Renamed"}
    stale = api.patch(url, json.dumps(patch), content_type="application/json",
                      HTTP_IF_MATCH='"not-the-current-one"', **bearer(a.keys["write"]))
    assert stale.status_code == 412 and stale.json()["error"] == "precondition_failed"
    assert Role.objects.get(pk=a.private_role.pk).title != "Renamed"
    fresh = api.patch(url, json.dumps(patch), content_type="application/json",
                      HTTP_IF_MATCH=etag, **bearer(a.keys["write"]))
    assert fresh.status_code == 200 and fresh.json()["title"] == "Renamed"
    again = api.patch(url, json.dumps({"title": "Twice"}), content_type="application/json",
                      HTTP_IF_MATCH=etag, **bearer(a.keys["write"]))
    assert again.status_code == 412  # the first write changed the row, so its ETag moved


def test_if_match_on_another_organizations_row_is_404_not_412(api, world):
    a, b = world["a"], world["b"]
    response = api.patch(f"{API}roles/{a.private_role.pk}/", json.dumps({"title": "x"}),
                         content_type="application/json", HTTP_IF_MATCH='"x"',
                         **bearer(b.keys["write"]))
    assert response.status_code == 404
