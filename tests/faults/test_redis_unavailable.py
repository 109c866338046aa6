"""Redis (the broker) is down: writes still succeed and nothing is lost; /healthz/ says
"degraded" (200: the site still serves);
when it is back the dashboards catch up. The machine's Redis is never stopped: the app is
pointed at an address where nothing listens."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import tasks
from dashboards.models import InitiativeProgress
from roles import services
from roles.models import Claim, Contribution
from tests import factories
from tests.builders import staff
from tests.celery_fixtures import _reset_pools, app, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down(redis_broker):
    """The web side cannot reach the broker (a worker, if started, waits on the real one)."""
    real = app.conf.broker_url
    app.conf.broker_url = UNREACHABLE
    _reset_pools()

    def restore():
        app.conf.broker_url = real
        _reset_pools()

    yield restore
    restore()


def _work_while_redis_is_down():
    today = timezone.localdate()
    role = factories.RoleFactory(seats=3, hours_per_week=2)
    a, b, c = (factories.ProfileFactory(weekly_capacity_hours=8).user for _ in range(3))
    claim_a = services.claim_role(role=role, volunteer=a)
    claim_b = services.claim_role(role=role, volunteer=b)
    claim_c = services.claim_role(role=role, volunteer=c)
    Claim.objects.filter(pk=claim_a.pk).update(claimed_at=timezone.now() - dt.timedelta(days=3))
    orchestrator = staff(role.organization)
    for hours, count in (("2.5", 7), ("1", 2)):  # logged, then verified by an orchestrator
        done = services.contribution_log(claim=claim_a, volunteer=a, date=today,
                                         hours=Decimal(hours), micro_improvements=count)
        services.contribution_verify(contribution=done, verifier=orchestrator)
    services.claim_release(claim=claim_b, volunteer=b, handoff_note="Over to you")
    services.claim_complete(claim=claim_c, volunteer=c)
    return role


def test_writes_succeed_while_redis_is_down_and_dashboards_catch_up(
        client, celery_worker, broker_down):
    role = _work_while_redis_is_down()

    # Nothing lost: every write is in the database.
    assert sorted(Claim.objects.filter(role=role).values_list("status", flat=True)) == [
        "active", "completed", "released"]
    assert Contribution.objects.filter(claim__role=role).count() == 2
    # No roll-up was delivered (the broker was unreachable), and the health check says so.
    assert not InitiativeProgress.objects.filter(initiative=role.initiative).exists()
    health = client.get("/healthz/")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["broker"]["status"] == "down"
    assert health.json()["checks"]["database"]["status"] == "ok"

    broker_down()  # Redis is reachable again
    assert client.get("/healthz/").json()["checks"]["broker"]["status"] == "ok"
    tasks.rollup_all.delay()  # what the periodic reconciliation (beat) sends

    progress = wait_for(lambda: InitiativeProgress.objects.filter(
        initiative=role.initiative, contributions=2).first())
    assert progress.hours == Decimal("3.50")
    assert progress.micro_improvements == 9
    assert (progress.active_claims, progress.completed_claims, progress.verified_claims) == (
        1, 1, 0)
    assert progress.volunteers == 2  # a (active) and c (completed); b released


def test_a_failed_dispatch_is_logged_not_raised(broker_down, caplog):
    role = factories.RoleFactory()
    volunteer = factories.ProfileFactory().user
    with caplog.at_level("ERROR", logger="crowddo.dispatch"):
        claim = services.claim_role(role=role, volunteer=volunteer)
    assert Claim.objects.filter(pk=claim.pk, status="active").exists()
    assert "reconciliation will catch up" in caplog.text


def test_the_reconciliation_is_scheduled():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["dashboards-reconcile"]
    assert entry["task"] == tasks.rollup_all.name
    assert 0 < entry["schedule"] <= 3600
