"""OpenAPI details drf-spectacular cannot infer, so generated clients and schemathesis know
every answer an operation can give: the Bearer key scheme and who needs it, the JSON error
responses, the headers (`ETag`/`If-None-Match`/304, `If-Match`/412, `Idempotency-Key`,
`Link`, `Retry-After`, `Sync-Token`), CSV as operations of its own, described as text, and
OpenAPI links (what a created or listed row's id opens next: clients and schemathesis's
stateful runs follow them)."""

import copy

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.permissions import SAFE_METHODS

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message", "status_code"],
    "properties": {
        "error": {"type": "string", "description": "A stable code, e.g. not_found."},
        "message": {"type": "string", "description": "What went wrong, in a sentence."},
        "status_code": {"type": "integer"},
        "fields": {"type": "object", "nullable": True, "additionalProperties": True},
        "retry_after": {"type": "integer", "nullable": True},
    },
}
ERRORS = {
    "400": "Invalid input; `message` names the field or parameter.",
    "401": "Missing, unknown or revoked API key.",
    "403": "The key may not do this (e.g. read-only key writing).",
    "404": "Not found, or not visible to this caller.",
    "406": "The Accept header asks for a format the API does not serve.",
    "431": "The request headers are larger than API_MAX_HEADER_BYTES (8 KB by default).",
    "429": "Too many requests (or failed authentications); wait `Retry-After` seconds.",
}
WRITE_ERRORS = {
    "409": "The request conflicts with the current state, or the same Idempotency-Key is "
           "still in flight.",
    "413": "The request body is larger than the server accepts.",
    "415": "The body is not JSON (send `Content-Type: application/json`).",
    "422": "This Idempotency-Key was used for a different request.",
}
PRECONDITION = {"412": "`If-Match` does not match the row's current ETag: read it again."}
STRING = {"type": "string"}
HEADER = {
    "ETag": {"schema": STRING, "description": "Send as `If-None-Match` (reads) or `If-Match` "
                                              "(writes)."},
    "Link": {"schema": STRING, "description": "RFC 8288 `next` / `prev` page links."},
    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."},
    "Sync-Token": {"schema": STRING, "description": "Send as `sync_token` on the next sync."},
    "Idempotent-Replayed": {"schema": STRING, "description": "`true` on a replayed answer."},
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,100}$"},
    "description": "Retry-safe writes: the same key and body replay the first 2xx answer."}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": STRING,
                 "description": "An ETag from an earlier answer: 304 if unchanged."}
IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": STRING,
            "description": "The ETag you read: the write happens only if it is still current."}


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "people.api.authentication.BearerKeyAuthentication"
    name = "ApiKey"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "prefix.secret",
                "description": "An organization's API key: `Authorization: Bearer prefix.secret`."}

    def get_security_requirement(self, auto_schema):
        # Writes and an organization's own endpoints need a key; other reads also work
        # anonymously (open data), and a key widens what is visible.
        view = auto_schema.view
        key_only = auto_schema.method.upper() not in SAFE_METHODS or any(
            getattr(permission, "requires_key", False) for permission in view.get_permissions())
        return [{self.name: []}] if key_only else [{self.name: []}, {}]


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _complete(method: str, operation: dict) -> None:
    responses = operation.setdefault("responses", {})
    parameters = operation.setdefault("parameters", [])
    names = {p["name"] for p in parameters}
    errors = {**ERRORS, **(WRITE_ERRORS if method != "get" else {}),
              **(PRECONDITION if method in ("patch", "put", "delete") else {})}
    for code, description in errors.items():
        responses.setdefault(code, _error(description))
    responses["429"]["headers"] = {"Retry-After": HEADER["Retry-After"]}
    ok = next((responses[c] for c in ("200", "201", "202") if c in responses), None)
    content = (ok or {}).get("content", {})
    if "application/json" in content:
        content.pop("text/csv", None)  # CSV lists have operations of their own
    for parameter in parameters:  # `?format=csv` stays an alias of those, undocumented
        if parameter["name"] == "format":
            parameter["schema"]["enum"] = ["json"]
    if method == "get" and ok is not None:
        headers = ok.setdefault("headers", {})
        headers["ETag"] = HEADER["ETag"]
        if "cursor" in names:
            headers["Link"] = HEADER["Link"]
        if "sync_token" in names:
            headers["Sync-Token"] = HEADER["Sync-Token"]
        responses["304"] = {"description": "Not modified: the `If-None-Match` ETag is current.",
                            "headers": {"ETag": HEADER["ETag"]}}
        parameters.append(IF_NONE_MATCH)
    if method != "get":
        parameters.append(IDEMPOTENCY_KEY)
        if ok is not None:
            ok.setdefault("headers", {})["Idempotent-Replayed"] = HEADER["Idempotent-Replayed"]
    if method in ("patch", "put", "delete"):
        parameters.append(IF_MATCH)
    security = operation.get("security")
    if security:
        operation["security"] = [s for i, s in enumerate(security) if s not in security[:i]]


API_PREFIX = "/api/v1/"


def _csv_twin(operation: dict) -> dict:
    """The same list as `text/csv` (crowddo.api.views.csv_list): one media type per
    operation, so a generated client returns the text instead of parsing it as JSON."""
    twin = copy.deepcopy(operation)
    twin["parameters"] = [p for p in twin.get("parameters", []) if p["name"] != "format"]
    twin["operationId"] = operation["operationId"] + "_csv"
    twin["summary"] = "The same list as CSV (one row per item; formulas neutralised)."
    twin["responses"]["200"] = {"description": "CSV with a header row.",
                                "content": {"text/csv": {"schema": STRING}}}
    return twin


def add_csv_operations(paths: dict) -> dict:
    """`/api/v1/csv/<list>/` beside every list that serves CSV (`?format=csv` stays an alias)."""
    twins = {}
    for path, item in paths.items():
        get = item.get("get")
        content = (get or {}).get("responses", {}).get("200", {}).get("content", {})
        if get and path.startswith(API_PREFIX) and get["operationId"].endswith("_list") \
                and "text/csv" in content:
            twins[API_PREFIX + "csv/" + path.removeprefix(API_PREFIX)] = {"get": _csv_twin(get)}
    return {**paths, **twins}


# source operationId -> (its success status, JSON pointer into its body, target operationIds).
# The target's one path parameter (`id` or `slug`) takes the value the pointer names.
FIRST = "$response.body#/results/0/"
LINKS = {
    "webhooks_create": ("201", "$response.body#/id", (
        "webhooks_retrieve", "webhooks_partial_update", "webhooks_destroy",
        "webhooks_rotate_secret_create")),
    "roles_create": ("201", "$response.body#/id", ("roles_retrieve", "roles_partial_update")),
    "roles_list": ("200", FIRST + "id", ("roles_retrieve", "roles_partial_update")),
    "webhooks_list": ("200", FIRST + "id", ("webhooks_retrieve",)),
    "webhook_deliveries_list": ("200", FIRST + "id", (
        "webhook_deliveries_retrieve", "webhook_deliveries_replay_create")),
    "claims_list": ("200", FIRST + "id", ("claims_retrieve",)),
    "contributions_list": ("200", FIRST + "id", ("contributions_retrieve",)),
    "decisions_list": ("200", FIRST + "id", ("decisions_retrieve",)),
    "proposals_list": ("200", FIRST + "id", ("proposals_retrieve",)),
    "regions_list": ("200", FIRST + "id", ("regions_retrieve",)),
    "initiatives_list": ("200", FIRST + "slug", ("initiatives_retrieve",)),
    "organizations_list": ("200", FIRST + "slug", ("organizations_retrieve",)),
    "collectives_list": ("200", FIRST + "slug", ("collectives_retrieve",)),
}


def add_links(paths: dict) -> None:
    """Write LINKS into the responses; a name that is not an operation raises (a typo shows)."""
    operations = {op["operationId"]: (path, op) for path, item in paths.items()
                  for op in item.values() if isinstance(op, dict) and "operationId" in op}
    for source, (status, pointer, targets) in LINKS.items():
        links = operations[source][1]["responses"][status].setdefault("links", {})
        for target in targets:
            operation = operations[target][1]
            (parameter,) = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
            links[target] = {"operationId": target, "parameters": {parameter: pointer},
                             "description": f"`{parameter}` of the row this answer names."}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: every operation's error responses, headers and media types."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    result["paths"] = add_csv_operations(result.get("paths", {}))
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if isinstance(operation, dict) and "responses" in operation:
                _complete(method, operation)
    add_links(result["paths"])
    return result
