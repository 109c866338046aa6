"""schemathesis against /api/v1/schema/, in-process through the WSGI app, on every JSON
operation. Three runs:

- positive: generated valid inputs, each sent with a write-scoped key (so writes run too) and
  again without a key. 0 server errors, 0 statuses, content types or bodies outside the schema.
- negative: what the schema forbids (wrong types, out of range, unknown enum values, bad
  headers), with the key. 0 server errors, only documented statuses and content types.
  GET /api/v1/collectives/{slug}/charter/ takes nothing the schema forbids (one free-text
  slug): schemathesis reports its negative run as skipped.
- stateful: sequences that follow the schema's OpenAPI links (crowddo.api.schema.LINKS:
  create a webhook, then read, patch, rotate and delete it; list, then open the first row),
  with the key. 0 server errors, only documented statuses and content types.

The CSV twins (/api/v1/csv/<list>/) are left out of the random runs: each serves the same
view as its JSON list, whose parameters are generated here; tests/api/test_isolation_matrix.py and
tests/api/test_hostile_input.py (crafted cursors, huge pages, bad headers on every
operation, CSV twins included) cover them, and tests/api/test_schema_completeness.py checks
their description.

The two-tenant world (tests/builders.build_tenant) is built once per module inside an outer
transaction; every test runs in a savepoint of it (pytest-django's `db`) and the outer
transaction is rolled back at the end, so later tests see an empty database. Examples per
operation are few, so the module stays near a minute (`make test-api` runs it alone)."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crowddo.api.schema import LINKS
from crowddo.wsgi import application

CSV_TWINS = r"^/api/v1/csv/"  # left out: see the docstring


def _load(mode: GenerationMode):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    loaded.config.generation.update(modes=[mode])
    return loaded.exclude(path_regex=CSV_TWINS)


schema = _load(GenerationMode.POSITIVE)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Negative data: the answer must be a documented 4xx in the error format, never a 5xx.
negative = _load(GenerationMode.NEGATIVE)
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]
STATEFUL_CHECKS = NEGATIVE_CHECKS
# The stateful run walks the linked operations only (the others get the runs above), so its
# few sequences are spent on create -> read/patch/rotate/delete and list -> open.
LINKED = sorted({name for source, (_, _, targets) in LINKS.items() for name in (source, *targets)})
linked = schema.include(operation_id=LINKED)
QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
         HealthCheck.filter_too_much]


@pytest.fixture(scope="module")
def world(module_tenants):
    """Both tenants, built once; rolled back when the module ends (tests/conftest.py)."""
    return module_tenants


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """The raw WSGI handler closes the DB connection after each request; the test client
    does not. Keep it open so every call stays inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def write_key(db, world):
    return world["a"].keys["write"]


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=QUIET)
def test_api_conforms_to_its_schema_with_a_key_and_without(case, write_key):
    case.call_and_validate(headers=bearer(write_key), checks=CHECKS)
    case.call_and_validate(checks=CHECKS)


@negative.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=QUIET)
def test_api_refuses_what_its_schema_forbids(case, write_key):
    case.call_and_validate(headers=bearer(write_key), checks=NEGATIVE_CHECKS)


def test_linked_sequences_keep_to_the_schema(write_key, world):
    """Random bodies rarely name a row of the key's organization or a webhook URL the test
    settings allow (http://127.0.0.1 only), so creates would all be 400/404 and the links
    never followed: the URL and the role's initiative are set to real ones and the role's
    optional region and skills left out; everything else is generated."""
    real = {"POST /api/v1/webhooks/": {"url": "http://127.0.0.1:8409/stateful"},
            "POST /api/v1/roles/": {"initiative": world["a"].public_initiative.slug}}
    unknown_rows = ("region", "skills")  # ids and slugs of rows that may not exist

    class Workflow(linked.as_state_machine()):
        def setup(self):
            """Every sequence starts from the same rows and an empty cache (idempotency keys,
            throttles): Hypothesis replays choices and must see the same answers again."""
            cache.clear()
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)
            super().teardown()

        def before_call(self, case):
            if isinstance(case.body, dict):
                case.body.update(real.get(case.operation.label, {}))
                if case.operation.label == "POST /api/v1/roles/":
                    for name in unknown_rows:
                        case.body.pop(name, None)

        def get_call_kwargs(self, case):
            return {"headers": bearer(write_key)}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=STATEFUL_CHECKS,
                                   transport_kwargs=kwargs or None, recorder=self.recorder)

    Workflow.run(settings=settings(max_examples=30, stateful_step_count=10, deadline=None,
                                   phases=[Phase.generate],
                                   suppress_health_check=list(HealthCheck)))
