"""OpenAPI details drf-spectacular cannot infer: the Bearer key scheme and the JSON error
responses every operation may give (so clients and schemathesis know their shape)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

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
    "400": "Invalid input; `message` names the field.",
    "401": "Missing, unknown or revoked API key.",
    "403": "The key may not do this (e.g. read-only key writing).",
    "404": "Not found, or not visible to this caller.",
    "406": "The Accept header asks for a format the API does not serve.",
    "409": "The request conflicts with the current state.",
    "429": "Too many requests; wait `Retry-After` seconds.",
}


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "people.api.authentication.BearerKeyAuthentication"
    name = "ApiKey"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "prefix.secret",
                "description": "An organization's API key: `Authorization: Bearer prefix.secret`."}

    def get_security_requirement(self, auto_schema):
        # Anonymous calls are allowed everywhere; the key widens what is visible.
        return [{self.name: []}, {}]


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: give every operation the documented JSON error responses."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": ref}},
                })
    return result
