"""Structured log lines and the optional error-reporting hook.

Log format: one line per record, `key=value` pairs (logfmt), values quoted when
they hold spaces, quotes or `=`. Every line carries `request_id` (see
crowddo.middleware), so `grep request_id=abc…` gives one request's whole story.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import signals
from django.conf import settings
from django.core import checks

from crowddo.middleware import request_id_var

FIELDS = ("ts", "level", "logger", "request_id", "msg")


def _quote(value: object) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n\t'):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    return text


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=… logger=… request_id=… msg="…"` (+ `exc="…"` with a traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        values = {
            "ts": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "msg": record.getMessage(),
        }
        line = " ".join(f"{key}={_quote(values[key])}" for key in FIELDS)
        if record.exc_info:
            line += f" exc={_quote(self.formatException(record.exc_info))}"
        return line


def bind_task_ids() -> None:
    """In Celery workers, log lines of a task carry its task id as `request_id`."""
    def start(task_id=None, **kwargs):
        request_id_var.set(f"task-{task_id}")

    def end(**kwargs):
        request_id_var.set("-")

    signals.task_prerun.connect(start, weak=False, dispatch_uid="crowddo_task_id_in")
    signals.task_postrun.connect(end, weak=False, dispatch_uid="crowddo_task_id_out")


def sentry_available() -> bool:
    try:
        import sentry_sdk  # noqa: F401  (optional: sentry-sdk is not a dependency)
    except ImportError:
        return False
    return True


def init_error_reporting(dsn: str, *, environment: str, release: str = "") -> bool:
    """Start sentry-sdk when a DSN is set and the package is installed; say whether it did.

    sentry-sdk is not a dependency of CrowdDo: install it (`pip install sentry-sdk`)
    where errors should be reported. Personal data is not sent (send_default_pii off).
    """
    if not dsn or not sentry_available():
        return False
    # Optional: sentry-sdk is not a dependency, so it is imported only when configured.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn, environment=environment, release=release or None, send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()], traces_sample_rate=0.0,
    )
    return True


@checks.register(checks.Tags.compatibility)
def check_error_reporting(app_configs=None, **kwargs):
    if getattr(settings, "SENTRY_DSN", "") and not sentry_available():
        return [checks.Warning(
            "SENTRY_DSN is set but sentry-sdk is not installed, so errors are not reported.",
            hint="pip install sentry-sdk in this environment, or unset SENTRY_DSN.",
            id="crowddo.W001",
        )]
    return []
