"""A worker is killed (SIGKILL, no goodbye) in the middle of a roll-up of every initiative.

The task was acknowledged late, so it stays in Redis as unacknowledged; a new worker
delivers it again once it is older than the visibility timeout (set low here through
CELERY_VISIBILITY_TIMEOUT). The tables it leaves must equal an uninterrupted run.
"""

import os
import re
import signal
import time
from decimal import Decimal

import pytest
import redis
from django.apps import apps
from django.db.models import DateTimeField

from dashboards import services as dashboards
from dashboards import tasks
from dashboards.models import InitiativeProgress
from initiatives.models import Initiative
from roles.models import Claim, Contribution, Role, Verification
from tests import factories
from tests.celery_fixtures import start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

INITIATIVES = 600
VISIBILITY_TIMEOUT = 2
SUCCEEDED = re.compile(r"Task dashboards\.tasks\.rollup_all\[[0-9a-f-]+\] succeeded")


def _seed_many_initiatives():
    """Bulk rows (no signals, so no roll-up is queued before the test sends one)."""
    org = factories.OrganizationFactory()
    people = [factories.UserFactory() for _ in range(12)]
    initiatives = Initiative.objects.bulk_create(
        Initiative(organization=org, name=f"Bulk {i}", slug=f"bulk-{i}", summary="s",
                   status="active") for i in range(INITIATIVES))
    roles = Role.objects.bulk_create(
        Role(organization=org, initiative=i, title="r", responsibility="r", seats=3,
             capability="relating") for i in initiatives)
    statuses = ["active", "completed", "verified", "released"]
    claims = Claim.objects.bulk_create(
        Claim(organization=org, role=role, volunteer=people[(n + k) % len(people)],
              status=statuses[(n + k) % 4])
        for n, role in enumerate(roles) for k in range(2))
    # Counted work is verified work: each contribution carries an orchestrator's verdict.
    orchestrator = factories.MembershipFactory(organization=org, level="orchestrator").user
    contributions = Contribution.objects.bulk_create(
        Contribution(organization=org, claim=c, date=c.claimed_at.date(),
                     hours=Decimal(1 + n % 5) / 2, micro_improvements=n % 7,
                     status=Contribution.Status.VERIFIED)
        for n, c in enumerate(claims))
    Verification.objects.bulk_create(
        Verification(organization=org, verifier=orchestrator, contribution=c,
                     outcome=Verification.Outcome.VERIFIED)
        for c in contributions)


def _dashboard_models():
    return list(apps.get_app_config("dashboards").get_models())


def _tables() -> dict[str, list]:
    """Every dashboards table, row values without ids and timestamps (which differ by run)."""
    snapshot = {}
    for model in _dashboard_models():
        fields = [f.attname for f in model._meta.concrete_fields
                  if not f.primary_key and not isinstance(f, DateTimeField)]
        snapshot[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    return snapshot


def test_redelivered_rollup_after_a_killed_worker_equals_an_uninterrupted_run(
        redis_broker, tmp_path, monkeypatch):
    _seed_many_initiatives()
    queue = redis.Redis.from_url(redis_broker)
    first = start_worker(redis_broker, tmp_path / "first.log")
    try:
        tasks.rollup_all.delay()
        wait_for(lambda: InitiativeProgress.objects.exists(), timeout=60, interval=0.02)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=20)
    finally:
        if first.poll() is None:
            first.kill()
    # the full roll-up writes each table for every scope in one transaction,
    # so the kill lands between tables (progress written, later tables not yet): the task
    # being still unacknowledged is what shows it had not finished.
    assert InitiativeProgress.objects.count() in (0, INITIATIVES)
    assert queue.hlen("unacked") == 1, "the roll-up finished before the kill"

    time.sleep(VISIBILITY_TIMEOUT + 1)  # let it become "visible" again
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", str(VISIBILITY_TIMEOUT))
    second = start_worker(redis_broker, tmp_path / "second.log")
    try:
        wait_for(lambda: SUCCEEDED.search((tmp_path / "second.log").read_text()), timeout=180)
    finally:
        stop_worker(second)
    after_redelivery = _tables()
    assert InitiativeProgress.objects.count() == INITIATIVES
    assert queue.hlen("unacked") == 0

    for model in reversed(_dashboard_models()):
        model.objects.all().delete()
    dashboards.rollup_everything()  # the uninterrupted run, in-process
    assert after_redelivery == _tables()
    counted = sum(InitiativeProgress.objects.values_list("contributions", flat=True))
    assert counted == Contribution.objects.count()  # each contribution counted exactly once
