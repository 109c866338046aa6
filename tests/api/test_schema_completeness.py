"""The OpenAPI schema says everything a generated client needs: CSV as text, every status and
header an operation can give, who needs a key, numbers as numbers."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    return [(method, path, op) for path, item in schema["paths"].items()
            for method, op in item.items()]


def test_csv_is_described_as_text_not_as_the_json_schema(schema):
    csv = [op["responses"]["200"]["content"]["text/csv"]["schema"]
           for _, _, op in operations(schema)
           if "text/csv" in op["responses"].get("200", {}).get("content", {})]
    assert csv and all(s == {"type": "string"} for s in csv)


def test_every_list_has_a_csv_operation_and_each_operation_one_media_type(schema):
    """A generated client picks its parser by operation: JSON and CSV never share one."""
    for _, path, op in operations(schema):
        media = set(op["responses"].get("200", {}).get("content", {}))
        assert len(media) <= 1, (path, media)
        formats = [p["schema"]["enum"] for p in op["parameters"] if p["name"] == "format"]
        assert formats in ([], [["json"]]), (path, formats)
        if path.startswith("/api/v1/csv/"):
            assert media == {"text/csv"} and op["operationId"].endswith("_list_csv"), path
        elif op["operationId"].endswith("_list"):
            twin = schema["paths"]["/api/v1/csv/" + path.removeprefix("/api/v1/")]["get"]
            assert twin["operationId"] == op["operationId"] + "_csv"
            same = [p for p in op["parameters"] if p["name"] != "format"]
            assert twin["parameters"] == same, path


def test_every_operation_documents_its_statuses_and_headers(schema):
    for method, path, op in operations(schema):
        codes, names = set(op["responses"]), {p["name"] for p in op.get("parameters", [])}
        assert {"400", "401", "403", "404", "406", "429"} <= codes, (method, path)
        assert "Retry-After" in op["responses"]["429"]["headers"]
        if method == "get":
            assert "304" in codes and "If-None-Match" in names, path
            assert "ETag" in op["responses"]["200"]["headers"], path
            if "cursor" in names:
                assert "Link" in op["responses"]["200"]["headers"], path
        else:
            assert {"409", "413", "415", "422"} <= codes and "Idempotency-Key" in names, path
        if method in ("patch", "delete"):
            assert "412" in codes and "If-Match" in names, path


def test_key_only_endpoints_and_writes_do_not_offer_anonymous_access(schema):
    anonymous = {(m, p) for m, p, op in operations(schema) if {} in op.get("security", [])}
    for method, path, op in operations(schema):
        key_only = method != "get" or path.replace("/csv/", "/", 1).split("/")[3] in (
            "claims", "contributions", "proposals", "initiative-proposals", "webhooks",
            "webhook-deliveries")
        assert ((method, path) not in anonymous) == key_only, (method, path)
        assert op["security"][0] == {"ApiKey": []}


def test_hours_are_numbers_and_sdg_an_integer(schema):
    components = schema["components"]["schemas"]
    hours = [props["hours"] for props in (c.get("properties", {}) for c in components.values())
             if "hours" in props]
    assert hours and all(h["type"] == "number" for h in hours)
    sdg = [p["schema"] for _, _, op in operations(schema) for p in op.get("parameters", [])
           if p["name"] == "sdg"]
    assert sdg and all(s["type"] == "integer" for s in sdg)


def test_sync_lists_document_the_token_and_its_header(schema):
    for path in ("/api/v1/roles/", "/api/v1/initiatives/"):
        op = schema["paths"][path]["get"]
        assert "sync_token" in {p["name"] for p in op["parameters"]}
        assert "Sync-Token" in op["responses"]["200"]["headers"]


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _pointed_property(schema, body, pointer):
    """The schema of what `$response.body#/a/0/b` names, walking properties and array items."""
    node = _resolve(schema, body)
    for part in pointer.split("/")[1:]:
        node = _resolve(schema, node["items"] if part.isdigit() else node["properties"][part])
    return node


def test_links_name_real_operations_parameters_and_body_fields(schema):
    """Created and listed rows link to the operations their id opens (clients and the
    stateful schemathesis run follow them): every link's target exists, its parameter is the
    target's path parameter, and the pointer names a field of the source's answer."""
    by_id = {op["operationId"]: (method, path, op) for method, path, op in operations(schema)}
    linked = {}
    for _, _, op in operations(schema):
        for response in op["responses"].values():
            for link in response.get("links", {}).values():
                linked.setdefault(op["operationId"], set()).add(link["operationId"])
                _, _, target = by_id[link["operationId"]]
                path_parameters = {p["name"] for p in target["parameters"] if p["in"] == "path"}
                assert set(link["parameters"]) == path_parameters, link
                for expression in link["parameters"].values():
                    source, pointer = expression.split("#", 1)
                    assert source == "$response.body"
                    body = response["content"]["application/json"]["schema"]
                    field = _pointed_property(schema, body, pointer)
                    assert field["type"] in ("integer", "string"), (op["operationId"], pointer)
    assert linked["webhooks_create"] == {
        "webhooks_retrieve", "webhooks_partial_update", "webhooks_destroy",
        "webhooks_rotate_secret_create"}
    assert {"roles_retrieve", "roles_partial_update"} <= linked["roles_create"]
    assert "roles_retrieve" in linked["roles_list"]
