"""Claims racing on real PostgreSQL: never more active claims than seats."""

import threading

import pytest
from django.db import connection, connections

from crowddo.errors import AlreadyHeld, RoleFull
from roles import services
from roles.models import Claim
from roles.services import seat_counter
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(role, volunteers, kind=Claim.Kind.REGULAR):
    """Start every claim at once; return every outcome: the claim or the exception raised
    (any exception, so that a database error shows in the assertions, not in a thread)."""
    barrier = threading.Barrier(len(volunteers))
    results: list = []
    lock = threading.Lock()

    def attempt(person):
        try:
            barrier.wait()
            outcome = services.claim_role(role=role, volunteer=person, kind=kind)
        except Exception as exc:  # noqa: BLE001 (every outcome is asserted on)
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(p,)) for p in volunteers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_forty_racing_claims_fill_exactly_five_seats():
    assert connection.vendor == "postgresql"
    role = factories.RoleFactory(seats=5, hours_per_week=1)
    volunteers = [factories.ProfileFactory().user for _ in range(40)]

    results = _race(role, volunteers)

    assert len(results) == 40
    assert [r for r in results if not isinstance(r, Claim | RoleFull)] == []
    assert sum(isinstance(r, Claim) for r in results) == 5
    assert sum(isinstance(r, RoleFull) for r in results) == 35
    assert all("This role is full" in str(r) for r in results if isinstance(r, RoleFull))
    assert Claim.objects.filter(role=role, status="active").count() == 5
    # The seat counter equals the active claims after the race.
    role.refresh_from_db()
    assert (role.seats_taken, role.seats_offered) == (5, 0)
    assert seat_counter.drift() == []


def test_forty_racing_claims_and_releases_keep_the_counter_equal_to_the_claims():
    """Twenty holders release while forty newcomers claim the seats they free."""
    role = factories.RoleFactory(seats=20, hours_per_week=1)
    holders = [factories.ProfileFactory().user for _ in range(20)]
    held = [services.claim_role(role=role, volunteer=h) for h in holders]
    newcomers = [factories.ProfileFactory().user for _ in range(40)]
    barrier = threading.Barrier(60)
    errors: list = []

    def run(job):
        try:
            barrier.wait()
            job()
        except RoleFull:
            pass
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)
        finally:
            connections.close_all()

    jobs = [lambda c=c: services.claim_release(claim=c, volunteer=c.volunteer) for c in held]
    jobs += [lambda p=p: services.claim_role(role=role, volunteer=p) for p in newcomers]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    role.refresh_from_db()
    active = Claim.objects.filter(role=role, status="active").count()
    assert role.seats_taken == active <= 20
    assert seat_counter.drift() == []


def test_same_volunteer_racing_twelve_times_gets_one_claim():
    role = factories.RoleFactory(seats=5, hours_per_week=1)
    person = factories.ProfileFactory().user

    results = _race(role, [person] * 12)

    assert sum(isinstance(r, Claim) for r in results) == 1
    assert sum(isinstance(r, AlreadyHeld) for r in results) == 11
    assert Claim.objects.filter(role=role, volunteer=person).count() == 1


def test_twelve_newcomers_racing_fill_exactly_two_apprentice_seats():
    role = factories.RoleFactory(seats=1, apprentice_seats=2, hours_per_week=1)
    services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    newcomers = [factories.ProfileFactory().user for _ in range(12)]

    results = _race(role, newcomers, kind=Claim.Kind.APPRENTICE)

    assert sum(isinstance(r, Claim) for r in results) == 2
    assert all("apprentice seats of this role are taken" in str(r)
               for r in results if not isinstance(r, Claim))
    active = Claim.objects.filter(role=role, status="active")
    assert (active.filter(kind="apprentice").count(), active.filter(kind="regular").count()) == (
        2, 1)
