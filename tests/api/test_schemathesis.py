"""schemathesis against /api/v1/schema/, in-process through the WSGI app: every operation,
generated inputs, as a write-scoped key (so writes run too). 0 server errors, 0 responses
outside the schema; with negative data (what the schema forbids) 0 server errors and only
documented statuses. `make test-api` runs only this module; examples per operation are few
so the module stays near a minute in `make test`."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crowddo.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Negative data: values the schema forbids (wrong types, out of range, unknown enum values,
# bad headers). The answer must be a documented 4xx in the error format, never a 5xx.
negative = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
negative.config.generation.update(modes=[GenerationMode.NEGATIVE])
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


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
def write_key(world):
    return world["a"].keys["write"]


@schema.parametrize()
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, write_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {write_key}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema_anonymously(case, world):
    case.call_and_validate(checks=CHECKS)


@negative.parametrize()
@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_refuses_what_its_schema_forbids(case, write_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {write_key}"},
                           checks=NEGATIVE_CHECKS)
