"""Structured log lines and the optional error-reporting hook."""

import logging
import sys
import types

from django.test import override_settings

from crowddo import observability
from crowddo.observability import KeyValueFormatter, check_error_reporting, init_error_reporting


def _record(msg, *args, exc_info=None):
    record = logging.LogRecord("crowddo.x", logging.ERROR, __file__, 1, msg, args, exc_info)
    record.request_id = "req-abcdef12"
    return record


def test_a_record_is_one_key_value_line_even_with_newlines_and_quotes():
    line = KeyValueFormatter().format(_record('bad "value"\nsecond line=%s', "x y"))
    assert "\n" not in line
    assert 'msg="bad \\"value\\"\\nsecond line=x y"' in line
    assert " level=ERROR logger=crowddo.x request_id=req-abcdef12 " in line


def test_a_traceback_stays_on_the_same_line():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        line = KeyValueFormatter().format(_record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line and 'exc="Traceback' in line and "RuntimeError: boom" in line


def test_no_dsn_means_no_error_reporting():
    assert init_error_reporting("", environment="production") is False


def test_a_dsn_without_the_package_is_a_check_warning_not_a_crash(monkeypatch):
    monkeypatch.setattr(observability, "sentry_available", lambda: False)
    assert init_error_reporting("https://k@errors.example/1", environment="production") is False
    with override_settings(SENTRY_DSN="https://k@errors.example/1"):
        assert [w.id for w in check_error_reporting()] == ["crowddo.W001"]
    with override_settings(SENTRY_DSN=""):
        assert check_error_reporting() == []


def test_a_dsn_with_the_package_initialises_it_without_personal_data(monkeypatch):
    calls = {}
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **kwargs: calls.update(kwargs)
    integrations = types.ModuleType("sentry_sdk.integrations")
    for name, cls in (("django", "DjangoIntegration"), ("celery", "CeleryIntegration")):
        module = types.ModuleType(f"sentry_sdk.integrations.{name}")
        setattr(module, cls, type(cls, (), {}))
        monkeypatch.setitem(sys.modules, f"sentry_sdk.integrations.{name}", module)
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations", integrations)

    assert init_error_reporting("https://k@errors.example/1", environment="staging") is True
    assert calls["dsn"] == "https://k@errors.example/1"
    assert calls["environment"] == "staging"
    assert calls["send_default_pii"] is False
