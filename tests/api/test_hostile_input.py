"""Hostile input on every operation of the schema gets a 4xx in the API's JSON error format,
never a 5xx or an HTML page: crafted cursors, huge positions, bad page sizes, deep JSON,
oversize bodies, unparseable bodies and unservable Accept headers."""

import base64
import json

from django.test import Client, RequestFactory
from drf_spectacular.generators import SchemaGenerator

from crowddo.api import handlers
from tests.builders import bearer

SHARED_WORLD = True  # one two-tenant world per module (tests/api/conftest.py)

DEEP = "[" * 100_000 + "]" * 100_000
CURSORS = {
    "text position": "p=abc",
    "out of range": "p=99999999999999999999",
    "negative offset": "o=-5&p=1",
    "not base64": None,
}


def _encoded(raw: str | None) -> str:
    return "é" if raw is None else base64.b64encode(raw.encode()).decode()


def operations() -> list[tuple[str, str, dict]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [(method.upper(), path, op) for path, item in schema["paths"].items()
            for method, op in item.items()]


OPERATIONS = operations()
LISTS = [(m, p) for m, p, op in OPERATIONS
         if any(x["name"] == "cursor" for x in op.get("parameters", []))]
WRITES = [(m, p) for m, p, op in OPERATIONS if m in ("POST", "PUT", "PATCH")]
BODIES = [(m, p) for m, p, op in OPERATIONS
          if m in ("POST", "PUT", "PATCH") and "requestBody" in op]
GETS = [(m, p) for m, p, _ in OPERATIONS if m == "GET"]


def fill(path: str, tenant) -> str:
    """Path parameters naming tenant a's own rows, so writes reach their parsers."""
    parts = path.split("/")
    if "{slug}" in parts:
        kind = parts[parts.index("{slug}") - 1]  # stats/initiatives/{slug}/ -> initiatives
        slug = {"collectives": tenant.private_collective.slug, "organizations": tenant.org.slug,
                }.get(kind, tenant.public_initiative.slug)
        path = path.replace("{slug}", slug)
    if "{id}" in path:
        row = {"roles": tenant.private_role, "webhooks": tenant.endpoint,
               "webhook-deliveries": tenant.delivery}.get(path.split("/")[3])
        path = path.replace("{id}", str(row.pk if row else 1))
    return path


def assert_json_4xx(response, *codes):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:200])
    if codes:
        assert response.status_code in codes, response.status_code
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["status_code"] == response.status_code and body["message"] and body["error"]
    return body


def test_the_schema_has_the_lists_and_writes_this_module_probes():
    assert len(LISTS) >= 19 and len(WRITES) >= 5


# One test world per probe kind, every operation inside it (a world per operation is slow).
def test_crafted_cursors_and_page_sizes_are_400_on_every_list(world):
    client, a = Client(), world["a"]
    for _, path in LISTS:
        url = fill(path, a)
        for name, raw in CURSORS.items():
            response = client.get(url, {"cursor": _encoded(raw)}, **bearer(a.keys["read"]))
            body = assert_json_4xx(response, 400)
            assert "cursor" in body["message"], (path, name)
        for size in ("0", "-1", "abc", "100000"):
            response = client.get(url, {"page_size": size}, **bearer(a.keys["read"]))
            assert "page_size" in assert_json_4xx(response, 400)["message"], (path, size)


def test_deep_and_unparseable_bodies_are_400_json_on_every_write(world):
    a = world["a"]
    auth = bearer(a.keys["write"])
    for method, path in BODIES:
        url, send = fill(path, a), getattr(Client(), method.lower())
        assert_json_4xx(send(url, DEEP, content_type="application/json", **auth), 400)
        assert_json_4xx(send(url, "{not json", content_type="application/json", **auth), 400)
        assert_json_4xx(send(url, "x", content_type="application/x-yaml", **auth), 415)


def test_oversize_bodies_are_413_json_on_every_write(world, settings):
    a = world["a"]
    auth = bearer(a.keys["write"])
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = json.dumps({"description": "x" * 2000})
    for method, path in WRITES:
        url, send = fill(path, a), getattr(Client(), method.lower())
        assert_json_4xx(send(url, big, content_type="application/json", **auth), 413)
        assert_json_4xx(send(url, big, content_type="application/json",
                             HTTP_IDEMPOTENCY_KEY="big-1", **auth), 413)


def test_an_unservable_accept_header_is_406_json_on_every_read(world):
    a = world["a"]
    for _, path in GETS:
        response = Client().get(fill(path, a), HTTP_ACCEPT="application/xml",
                                **bearer(a.keys["read"]))
        assert_json_4xx(response, 406)


def test_oversize_headers_are_431_json_on_every_operation(world, settings):
    a = world["a"]
    settings.API_MAX_HEADER_BYTES = 2000
    big = {"HTTP_X_PADDING": "x" * 2500, **bearer(a.keys["write"])}
    for method, path, _ in OPERATIONS:
        send = getattr(Client(), method.lower())
        body = assert_json_4xx(send(fill(path, a), **big), 431)
        assert "2000" in body["message"], (method, path)
    # The limit is the API's: a page of the site is not refused, and a request with ordinary
    # headers is not either.
    assert Client().get("/roles/", HTTP_X_PADDING="x" * 2500).status_code == 200
    assert Client().get("/api/v1/roles/", HTTP_X_PADDING="x" * 500).status_code == 200


def test_unknown_api_paths_and_methods_answer_json(world):
    client = Client()
    assert_json_4xx(client.get("/api/v1/nothing-here/"), 404)
    assert_json_4xx(client.delete("/api/v1/roles/"), 401, 405)
    assert_json_4xx(client.put("/api/v1/roles/", "{}", content_type="application/json",
                               **bearer(world["a"].keys["write"])), 405)


def test_django_own_errors_are_json_under_the_api_and_pages_elsewhere(db):
    factory = RequestFactory()
    crashed = handlers.server_error(factory.get("/api/v1/roles/"))
    assert crashed.status_code == 500 and json.loads(crashed.content)["error"] == "server_error"
    page = handlers.server_error(factory.get("/roles/"))
    assert page.status_code == 500 and not page["Content-Type"].startswith("application/json")
