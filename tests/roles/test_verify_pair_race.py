"""The weekly pair bound under a race, on real PostgreSQL: verifications racing from one peer
on one volunteer's work never exceed VERIFY_PAIR_WEEKLY_MAX (the (verifier, volunteer)
advisory lock of `roles.services.common.lock_verifier_pair`)."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from crowddo.errors import NotAllowed
from roles import services
from roles.models import Contribution, Verification
from roles.services import verification
from tests import builders, factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(peer, contributions):
    barrier = threading.Barrier(len(contributions))
    results, lock = [], threading.Lock()

    def attempt(contribution):
        try:
            barrier.wait()
            outcome = services.contribution_verify(contribution=contribution, verifier=peer)
        except NotAllowed as exc:
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in contributions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def slow_verdict(monkeypatch):
    """Widen the race window: each verdict pauses between the bound's check and its commit
    (inside `record_verdict`), so racing verifications overlap for certain."""
    real = verification.verifier_marks

    def slow(**kwargs):
        time.sleep(0.3)
        return real(**kwargs)

    monkeypatch.setattr(verification, "verifier_marks", slow)


def test_racing_verifications_of_one_volunteer_stop_at_the_weekly_bound(settings, slow_verdict):
    assert connection.vendor == "postgresql"
    settings.VERIFY_PAIR_WEEKLY_MAX = 2
    ini = factories.InitiativeFactory()
    peer = builders.qualified_peer(ini)
    doer = builders.person(40)
    # One claim per contribution: locking a contribution (FOR UPDATE) locks its claim too,
    # which would serialize verdicts on one claim anyway; the pair bound spans claims.
    claims = [services.claim_role(role=factories.RoleFactory(initiative=ini, hours_per_week=1),
                                  volunteer=doer) for _ in range(7)]
    work = [services.contribution_log(claim=claim, volunteer=doer, date=timezone.localdate(),
                                      hours=Decimal(1), micro_improvements=1)
            for claim in claims]
    services.contribution_verify(contribution=work[0], verifier=peer)  # one of two used

    results = _race(peer, work[1:])

    assert len(results) == 6
    assert sum(isinstance(r, Contribution) for r in results) == 1
    assert all("times a week for the same volunteer" in str(r) for r in results
               if isinstance(r, NotAllowed))
    assert Verification.objects.filter(verifier=peer, contribution__claim__volunteer=doer
                                       ).count() == 2
    assert Contribution.objects.filter(claim__volunteer=doer, status="verified").count() == 2
