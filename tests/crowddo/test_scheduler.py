"""The embedded scheduler runs CELERY_BEAT_SCHEDULE in-process, only under runserver without a
broker, once; ticked here with a fake clock (no sleeping)."""

import datetime as dt

import pytest
from django.conf import settings

from crowddo import scheduler
from dashboards.models import ScopeTotal
from tests import factories

RUNSERVER, CHILD = ["manage.py", "runserver"], {"RUN_MAIN": "true"}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_ticks_run_the_beat_schedule_entries_when_due_and_once():
    clock, ran = Clock(), []
    beat = scheduler.Scheduler(settings.CELERY_BEAT_SCHEDULE, clock=clock, run=ran.append)
    # one definition: every beat entry, the newcomer's living demo included
    assert set(beat.task) == set(settings.CELERY_BEAT_SCHEDULE)
    assert {"dashboards.tasks.rollup_all", "roles.tasks.lapse_waitlist_offers",
            "roles.tasks.sweep_stale_claims", "roles.tasks.remind_terms",
            "governance.tasks.commitments_refresh",
            "governance.tasks.commitment_reminders"} <= set(beat.task.values())
    assert beat.tick() == [] and ran == []  # nothing is due at the start (as beat)
    clock.now += 600
    assert beat.tick() == ["roles-lapse-waitlist-offers"]
    assert ran == ["roles.tasks.lapse_waitlist_offers"]
    assert beat.tick() == []  # not again within its interval
    clock.now += 24 * 3600  # long asleep: each due entry runs once, not once per missed slot
    assert sorted(beat.tick()) == sorted(settings.CELERY_BEAT_SCHEDULE)
    assert len(ran) == 1 + len(settings.CELERY_BEAT_SCHEDULE)


def test_a_failing_entry_does_not_stop_the_others():
    clock = Clock()
    done = []

    def run(path):
        if path == "a.fails":
            raise RuntimeError("down")
        done.append(path)

    beat = scheduler.Scheduler({"one": {"task": "a.fails", "schedule": 60},
                                "two": {"task": "b.works", "schedule": dt.timedelta(minutes=1)}},
                               clock=clock, run=run)
    clock.now += 60
    assert sorted(beat.tick()) == ["one", "two"] and done == ["b.works"]


def test_a_crontab_entry_is_refused_with_its_name():
    from celery.schedules import crontab
    with pytest.raises(ValueError, match="nightly"):
        scheduler.Scheduler({"nightly": {"task": "x", "schedule": crontab(hour=3)}})


def test_a_tick_runs_the_real_task_in_process(db):
    """The reconciliation entry, run by the default runner, writes the roll-up rows."""
    org = factories.OrganizationFactory()
    clock = Clock()
    beat = scheduler.Scheduler({"dashboards-reconcile":
                                settings.CELERY_BEAT_SCHEDULE["dashboards-reconcile"]},
                               clock=clock)
    assert not ScopeTotal.objects.filter(kind="organization", scope_id=org.pk).exists()
    clock.now += beat.every["dashboards-reconcile"]
    assert beat.tick() == ["dashboards-reconcile"]
    assert ScopeTotal.objects.filter(kind="organization", scope_id=org.pk).count() == 2


def test_off_under_tests_by_default():
    assert settings.EMBEDDED_SCHEDULER is False
    assert not scheduler.should_start(RUNSERVER, CHILD)


class Threads:
    """Stands in for threading.Thread: records starts, runs nothing."""

    started: list = []

    def __init__(self, target, args, name, daemon):
        self.name = name

    def start(self):
        Threads.started.append(self.name)


@pytest.fixture
def embedded(settings, monkeypatch):
    settings.EMBEDDED_SCHEDULER, settings.REDIS_URL = True, ""
    monkeypatch.setattr(scheduler, "_running", None)
    monkeypatch.setattr(scheduler.threading, "Thread", Threads)
    Threads.started = []


def test_starts_once_in_runserver_s_serving_process(embedded):
    first = scheduler.start(RUNSERVER, CHILD)
    assert first is not None
    assert scheduler.start(RUNSERVER, CHILD) is first
    assert Threads.started == ["embedded-scheduler"]


@pytest.mark.parametrize("argv, environ", [
    (RUNSERVER, {}),  # the autoreloader's parent: it only watches files
    (["manage.py", "migrate"], CHILD),  # other management commands
    (["gunicorn", "crowddo.wsgi"], {}),
])
def test_not_started_outside_the_serving_runserver(embedded, argv, environ):
    assert scheduler.start(argv, environ) is None
    assert Threads.started == []


def test_started_by_runserver_noreload(embedded):
    assert scheduler.start([*RUNSERVER, "--noreload"], {}) is not None


def test_not_started_with_a_broker(embedded, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"  # beat runs the schedule then
    assert scheduler.start(RUNSERVER, CHILD) is None
    assert Threads.started == []
