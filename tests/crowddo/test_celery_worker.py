"""A committed change enqueues a task on Redis; a real worker runs it against the database."""

import pytest

from dashboards.models import InitiativeProgress
from roles import services
from tests import factories
from tests.celery_fixtures import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_on_commit_task_runs_in_a_real_worker(celery_worker):
    role = factories.RoleFactory(seats=3)
    volunteer = factories.ProfileFactory().user

    services.claim_role(role=role, volunteer=volunteer)  # commits; on_commit enqueues the roll-up

    progress = wait_for(
        lambda: InitiativeProgress.objects.filter(initiative=role.initiative,
                                                  active_claims=1).first()
    )
    assert progress.volunteers == 1
    assert "dashboards.tasks.rollup_initiative" in celery_worker.log.read_text()


def test_nothing_is_enqueued_when_the_transaction_rolls_back(redis_broker):
    import redis
    from django.db import transaction

    role = factories.RoleFactory()
    volunteer = factories.ProfileFactory().user
    queue = redis.Redis.from_url(redis_broker)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_role(role=role, volunteer=volunteer)
        raise RuntimeError("something later in the request failed")
    assert queue.llen("celery") == 0
    services.claim_role(role=role, volunteer=volunteer)
    assert queue.llen("celery") == 1
