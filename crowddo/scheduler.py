"""The embedded scheduler: `CELERY_BEAT_SCHEDULE`, run in-process when there is no broker.

With Redis, Celery beat runs the schedule and workers run the tasks. Without it (`make run`:
SQLite, eager tasks) nothing would run the periodic work — the roll-up reconciliation,
commitments, reminders, the stale-claim sweep, lapsing waitlist offers, term reminders — so
runserver starts this one daemon thread, which reads the SAME schedule (one definition, in
settings) and runs each due entry in-process, one after the other.

Started once, only when all hold (`should_start`): `EMBEDDED_SCHEDULER` is on (off under
tests), no broker is configured (`REDIS_URL` empty), the command is `runserver`, and this is
the process that serves (the autoreloader's child, `RUN_MAIN=true`, or `--noreload`). Other
management commands, gunicorn and Celery never start it. Interval entries only (seconds or a
timedelta); the first run of an entry is one interval after the start, as beat does.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

TICK_SECONDS = 15  # how often the thread looks for due entries


def interval_of(name: str, schedule) -> float:
    """An entry's interval in seconds (a number or a timedelta; Celery's `schedule`)."""
    every = getattr(schedule, "run_every", schedule)
    if isinstance(every, dt.timedelta):
        return every.total_seconds()
    if isinstance(every, int | float) and every > 0:
        return float(every)
    raise ValueError(f"{name}: the embedded scheduler runs interval entries only "
                     f"(seconds or a timedelta), not {schedule!r}")


def run_task(path: str) -> None:
    """Run one task in this process (its function body, as eager Celery would)."""
    import_string(path).apply(throw=True)


class Scheduler:
    """Due times per entry; `tick(now)` runs what is due. The clock is injectable (tests)."""

    def __init__(self, schedule: dict, *, clock: Callable[[], float] = time.monotonic,
                 run: Callable[[str], None] = run_task):
        self.clock, self.run = clock, run
        self.every = {name: interval_of(name, e["schedule"]) for name, e in schedule.items()}
        self.task = {name: e["task"] for name, e in schedule.items()}
        start = clock()
        self.due = {name: start + every for name, every in self.every.items()}

    def tick(self, now: float | None = None) -> list[str]:
        """Run every entry that is due (each once, however late); returns their names."""
        now = self.clock() if now is None else now
        ran = []
        for name in sorted(self.due, key=self.due.get):
            if self.due[name] > now:
                continue
            self.due[name] = now + self.every[name]
            try:
                self.run(self.task[name])
                log.info("embedded scheduler: ran %s", name)
            except Exception:  # one failing entry must not stop the others or the thread
                log.exception("embedded scheduler: %s failed", name)
            ran.append(name)
        return ran

    def loop(self, stop: threading.Event) -> None:
        while not stop.wait(TICK_SECONDS):
            close_old_connections()  # the thread's own connection, like a request's
            try:
                self.tick()
            finally:
                close_old_connections()


def should_start(argv=None, environ=None) -> bool:
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    serving = environ.get("RUN_MAIN") == "true" or "--noreload" in argv
    return bool(settings.EMBEDDED_SCHEDULER and not settings.REDIS_URL
                and len(argv) > 1 and argv[1] == "runserver" and serving)


_lock = threading.Lock()
_running: Scheduler | None = None


def start(argv=None, environ=None) -> Scheduler | None:
    """Start the thread once per process when `should_start`; returns the scheduler."""
    global _running
    with _lock:
        if _running is None and should_start(argv, environ):
            _running = Scheduler(settings.CELERY_BEAT_SCHEDULE)
            threading.Thread(target=_running.loop, args=(threading.Event(),),
                             name="embedded-scheduler", daemon=True).start()
            log.info("embedded scheduler started: %s", ", ".join(sorted(_running.task)))
        return _running
