"""A double-click on "claim" (two identical requests at once) has one effect.

Tested at the service level: the browser view is being written on another branch and
calls this same service, so the guarantee carries over. The API's `Idempotency-Key`
replay test belongs with the API and is not here yet.
"""

import threading

import pytest
from django.db import connections

from crowddo.errors import AlreadyHeld
from dashboards import services as dashboards
from dashboards.models import InitiativeProgress
from roles import services
from roles.models import Claim
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _double_click(role, volunteer):
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            outcomes.append(services.claim_role(role=role, volunteer=volunteer))
        except AlreadyHeld as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_a_double_clicked_claim_gives_one_claim_and_is_counted_once():
    role = factories.RoleFactory(seats=5, hours_per_week=1)
    volunteer = factories.ProfileFactory(weekly_capacity_hours=10).user

    outcomes = _double_click(role, volunteer)

    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyHeld", "Claim"]
    assert Claim.objects.filter(role=role, volunteer=volunteer).count() == 1
    dashboards.rollup_initiative(initiative_id=role.initiative_id)
    progress = InitiativeProgress.objects.get(initiative=role.initiative)
    assert (progress.active_claims, progress.volunteers) == (1, 1)


def test_a_replayed_release_changes_nothing_the_second_time():
    role = factories.RoleFactory(seats=1)
    volunteer = factories.ProfileFactory().user
    claim = services.claim_role(role=role, volunteer=volunteer)
    services.claim_release(claim=claim, volunteer=volunteer, handoff_note="first")

    from crowddo.errors import InvalidState

    with pytest.raises(InvalidState, match="released already"):
        services.claim_release(claim=claim, volunteer=volunteer, handoff_note="second")
    claim.refresh_from_db()
    assert claim.handoff_note == "first"
    assert Claim.objects.filter(role=role).count() == 1
