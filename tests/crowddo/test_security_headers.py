"""Security headers on HTML, admin, health and (once it exists) API responses."""

import logging

import pytest
from django.urls import Resolver404, resolve

from crowddo.middleware import PERMISSIONS_POLICY


def _paths():
    paths = ["/", "/admin/login/", "/healthz/", "/accounts/login/"]
    try:  # the API is built on another branch; cover it as soon as the URL resolves
        resolve("/api/v1/")
        paths.append("/api/v1/")
    except Resolver404:
        pass
    return paths


@pytest.mark.parametrize("path", _paths())
def test_every_response_carries_the_security_headers(client, db, path):
    response = client.get(path)
    assert response.status_code < 500
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "http" not in csp  # no third-party origin anywhere in the policy
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert len(response["X-Request-ID"]) >= 8


def test_api_root_is_covered_when_it_exists():
    # Documents the rule above rather than hiding it: the list grows by itself.
    try:
        resolve("/api/v1/")
    except Resolver404:
        assert "/api/v1/" not in _paths()
    else:
        assert "/api/v1/" in _paths()


def test_a_sane_incoming_request_id_is_kept(client, db):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID="lb-4f2a9c1e.77")
    assert response["X-Request-ID"] == "lb-4f2a9c1e.77"


@pytest.mark.parametrize("bad", ["short", "has space in it", 'quote"inside-id', "a=b" * 10,
                                 "x" * 200, "new\nline-in-it"])
def test_an_unsafe_incoming_request_id_is_replaced(client, db, bad):
    response = client.get("/healthz/", HTTP_X_REQUEST_ID=bad)
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_of_a_request_carry_its_id_as_key_value(client, db, caplog):
    from crowddo.observability import KeyValueFormatter

    logger = logging.getLogger("crowddo.test")

    def view_logging(request):
        from django.http import HttpResponse

        logger.warning("inside the view with spaces")
        return HttpResponse("ok")

    from crowddo.middleware import RequestIdFilter, RequestIdMiddleware

    caplog.handler.addFilter(RequestIdFilter())
    middleware = RequestIdMiddleware(view_logging)
    from django.test import RequestFactory

    with caplog.at_level(logging.WARNING, logger="crowddo.test"):
        middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-12345678"))
    record = next(r for r in caplog.records if r.name == "crowddo.test")
    line = KeyValueFormatter().format(record)
    assert "request_id=req-12345678" in line
    assert 'msg="inside the view with spaces"' in line
    assert line.startswith("ts=") and " level=WARNING logger=crowddo.test " in line


def test_logging_settings_use_the_key_value_formatter():
    from django.conf import settings

    console = settings.LOGGING["handlers"]["console"]
    assert console["formatter"] == "kv"
    assert "request_id" in console["filters"]


def test_a_celery_tasks_log_lines_carry_its_task_id():
    from celery import signals

    from crowddo.middleware import request_id_var

    signals.task_prerun.send(sender=None, task_id="abc-123", task=None)
    assert request_id_var.get() == "task-abc-123"
    signals.task_postrun.send(sender=None, task_id="abc-123", task=None)
    assert request_id_var.get() == "-"
