"""With a real worker on Redis: the tables equal independent raw SQL; duplicates change
nothing; a broker outage never fails a write, and reconciliation catches up afterwards."""

from decimal import Decimal

import pytest
import redis
from django.db import connection
from django.test import override_settings

from crowddo.celery import app
from dashboards import tasks
from dashboards.models import Audience, InitiativeProgress, Kind, RegionTotal, ScopeTotal
from tests import builders, factories
from tests.celery_fixtures import _reset_pools, wait_for
from tests.dashboards.snapshots import snapshot

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"

WORK = """SELECT COUNT(*), COALESCE(SUM(co.hours), 0), COALESCE(SUM(co.micro_improvements), 0)
  FROM roles_contribution co JOIN roles_claim cl ON cl.id = co.claim_id
  JOIN roles_role r ON r.id = cl.role_id JOIN initiatives_initiative i ON i.id = r.initiative_id
  WHERE co.status = 'verified' AND {where}"""
CLAIMS = """SELECT COUNT(*) FILTER (WHERE cl.status = 'active'),
  COUNT(*) FILTER (WHERE cl.status = 'completed'), COUNT(*) FILTER (WHERE cl.status = 'verified'),
  COUNT(DISTINCT cl.volunteer_id) FILTER (WHERE cl.status IN ('active','completed','verified'))
  FROM roles_claim cl JOIN roles_role r ON r.id = cl.role_id
  JOIN initiatives_initiative i ON i.id = r.initiative_id WHERE {where}"""
DISTRICTS = """SELECT co.region_id, SUM(co.micro_improvements), COUNT(DISTINCT cl.volunteer_id)
  FROM roles_contribution co JOIN roles_claim cl ON cl.id = co.claim_id
  JOIN roles_role r ON r.id = cl.role_id JOIN initiatives_initiative i ON i.id = r.initiative_id
  JOIN initiatives_region g ON g.id = co.region_id
  WHERE co.status = 'verified' AND g.level = 'district' AND {where}
  GROUP BY co.region_id ORDER BY co.region_id"""
PUBLIC_IN = "i.collective_id = %s AND i.is_public AND i.status <> 'draft'"


def raw(sql, where, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql.format(where=where), params)
        return cursor.fetchall()


def expected(initiative_id, collective_id):
    return {
        "initiative": (*raw(WORK, "i.id = %s", initiative_id)[0],
                       *raw(CLAIMS, "i.id = %s", initiative_id)[0]),
        "collective": (*raw(WORK, PUBLIC_IN, collective_id)[0],
                       *raw(CLAIMS, PUBLIC_IN, collective_id)[0]),
        "districts": raw(DISTRICTS, PUBLIC_IN, collective_id),
    }


def stored(initiative_id, collective_id):
    p = InitiativeProgress.objects.filter(initiative_id=initiative_id).first()
    c = ScopeTotal.objects.filter(kind=Kind.COLLECTIVE, scope_id=collective_id,
                                  audience=Audience.PUBLIC).first()
    if p is None or c is None:
        return None
    districts = RegionTotal.objects.filter(collective_id=collective_id, level="district")
    return {
        "initiative": (p.contributions, p.hours, p.micro_improvements, p.active_claims,
                       p.completed_claims, p.verified_claims, p.volunteers),
        "collective": (c.contributions, c.hours, c.micro_improvements, c.active_claims,
                       c.completed_claims, c.verified_claims, c.volunteers),
        "districts": [(r.region_id, r.micro_improvements, r.volunteers)
                      for r in districts.order_by("region_id")],
    }


def converged(initiative_id, collective_id):
    want = expected(initiative_id, collective_id)
    return want if stored(initiative_id, collective_id) == want else None


@pytest.fixture
def shared_cache(redis_broker):
    """The test process and the worker share the debounce keys, as web and worker do."""
    with override_settings(CACHES={"default": {"BACKEND": REDIS_CACHE,
                                               "LOCATION": redis_broker}}):
        yield


def make_world():
    where = builders.regions()
    collective, (one, two) = builders.collective_with(orgs=2)
    role = factories.RoleFactory(initiative__organization=one, seats=4,
                                 initiative__collective=collective)
    private = factories.RoleFactory(initiative__organization=two, seats=2,
                                    initiative__collective=collective,
                                    initiative__is_public=False)
    boss = builders.staff(one)
    insider = builders.person(20)
    factories.MembershipFactory(user=insider, organization=two)
    builders.work(role, builders.person(20), [(2, 3, where["east"]), (1, 2, where["west"])],
                  final="verified", verifier=boss, verify_logs=True)
    builders.work(role, builders.person(20), [(1.5, 4, where["east"])], final="completed",
                  verifier=boss, verify_logs=True)
    builders.work(private, insider, [(3, 40, where["west"])], verifier=builders.staff(two),
                  verify_logs=True)
    return role.initiative_id, collective.pk


def test_worker_tables_equal_independent_raw_sql(celery_worker, shared_cache):
    initiative_id, collective_id = make_world()

    want = wait_for(lambda: converged(initiative_id, collective_id), timeout=120)

    assert want["initiative"] == (3, Decimal("4.50"), 9, 0, 1, 1, 2)
    assert want["collective"][2] == 9  # the private initiative's 40 stay out
    assert len(want["districts"]) == 2
    assert "dashboards.tasks.rollup_initiative" in celery_worker.log.read_text()


def idle(broker_url) -> bool:
    """Nothing waiting in the queue, nothing reserved by the worker (countdown tasks included)."""
    queue = redis.Redis.from_url(broker_url)
    return queue.llen("celery") == 0 and queue.hlen("unacked") == 0


def test_the_same_task_delivered_twice_leaves_identical_tables(celery_worker, shared_cache,
                                                               redis_broker):
    initiative_id, collective_id = make_world()
    wait_for(lambda: converged(initiative_id, collective_id), timeout=120)
    wait_for(lambda: idle(redis_broker), timeout=120)
    log = celery_worker.log
    before, runs = snapshot(), log.read_text().count(" succeeded in ")
    tasks.rollup_initiative.apply_async(args=[initiative_id])
    tasks.rollup_initiative.apply_async(args=[initiative_id])
    wait_for(lambda: log.read_text().count(" succeeded in ") >= runs + 2, timeout=120)
    wait_for(lambda: idle(redis_broker), timeout=120)
    assert snapshot() == before
    assert before["ScopeTotal"] and before["RegionTotal"]


def test_writes_succeed_with_the_broker_down_and_reconciliation_catches_up(redis_broker,
                                                                          request):
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app.conf.broker_url = unreachable
    _reset_pools()
    with override_settings(CACHES={"default": {"BACKEND": REDIS_CACHE,
                                               "LOCATION": unreachable}}):
        initiative_id, collective_id = make_world()  # claims, logs, verifications
    assert not InitiativeProgress.objects.filter(initiative_id=initiative_id).exists()

    app.conf.broker_url = redis_broker  # the broker is back
    _reset_pools()
    request.getfixturevalue("celery_worker")
    tasks.rollup_all.delay()  # what the beat entry sends

    want = wait_for(lambda: converged(initiative_id, collective_id), timeout=120)
    assert want["initiative"][2] == 9
