"""Seats free — one definition (seats − active regular claims − live offers to the waitlist),
read by the role page, the API, the admin, the selectors and the services' locked count; and
"claimable" — one definition of a role that takes claims."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from crowddo.errors import Invalid, RoleFull
from initiatives.models import Initiative
from people.models import Membership
from roles import services
from roles.models import Claim, Role, WaitlistEntry
from roles.services import seats
from tests import factories
from tests.builders import person


@pytest.fixture
def taken_and_offered(db):
    """Two seats: one held, the other offered to the first person on the waitlist."""
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    holder, leaving, waiter = person(), person(), person()
    services.claim_role(role=role, volunteer=holder)
    freed = services.claim_role(role=role, volunteer=leaving)
    services.waitlist_join(role=role, volunteer=waiter)
    services.claim_release(claim=freed, volunteer=leaving)
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED
    return role, waiter


def test_a_seat_offered_to_the_waitlist_is_not_free_anywhere(client, taken_and_offered):
    role, waiter = taken_and_offered
    with pytest.raises(RoleFull):
        services.claim_role(role=role, volunteer=person())

    body = APIClient().get(f"/api/v1/roles/{role.pk}/").json()
    assert (body["seats"], body["seats_taken"], body["seats_offered"], body["seats_left"]) == (
        2, 1, 1, 0)

    page = client.get(f"/roles/{role.pk}/").content.decode()
    assert "0 of 2 left" in page and "0 seats left." in page
    client.force_login(person())
    page = client.get(f"/roles/{role.pk}/").content.decode()
    assert "This role is full: all its seats are taken." in page
    assert f'action="/roles/{role.pk}/claim/"' not in page

    listed = client.get("/roles/").content.decode()
    assert "Full — waitlist open" in listed

    # The person offered the seat takes it: it was theirs, not free for the others.
    entry = WaitlistEntry.objects.get(volunteer=waiter)
    assert services.waitlist_offer_accept(entry=entry, volunteer=waiter).status == "active"


def test_the_admin_list_shows_the_same_free_seats(client, taken_and_offered):
    role, _ = taken_and_offered
    boss = factories.UserFactory(is_staff=True)
    factories.MembershipFactory(user=boss, organization=role.organization,
                                level=Membership.Level.ORCHESTRATOR)
    client.force_login(boss)
    page = client.get("/admin/roles/role/")
    assert page.status_code == 200
    row = page.context["cl"].result_list.get(pk=role.pk)
    assert (row.seats_taken, row.seats_offered, row.seats_free) == (1, 1, 0)


def _figures(role, **kwargs):
    row = Role.objects.with_seats(**kwargs).get(pk=role.pk)
    return {name: getattr(row, name) for name in seats.FIGURES}


def test_the_locked_count_is_the_annotation_on_the_same_row(db):
    """The services' count under the role lock and the annotation the pages read agree, in
    every state that changes the figure."""
    role = factories.RoleFactory(seats=4, apprentice_seats=2, hours_per_week=1)
    holder, apprentice, offered, lapsed, waiting = (person() for _ in range(5))

    def both(**kwargs):
        with_lock = seats.seat_figures(seats.lock_role(role), **kwargs)
        assert with_lock == _figures(role, **kwargs)
        return with_lock

    assert both() == {"seats_taken": 0, "seats_offered": 0, "seats_free": 4,
                      "apprentices_taken": 0}
    services.claim_role(role=role, volunteer=holder)
    done = services.claim_role(role=role, volunteer=person())
    services.claim_complete(claim=done, volunteer=done.volunteer)  # completed: seat frees
    services.claim_role(role=role, volunteer=apprentice, kind=Claim.Kind.APPRENTICE)
    services.seat_offer(role=role, volunteer=offered, via=WaitlistEntry.Via.WAITLIST)
    services.seat_offer(role=role, volunteer=lapsed, via=WaitlistEntry.Via.WAITLIST)
    WaitlistEntry.objects.filter(volunteer=lapsed).update(
        offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    WaitlistEntry.objects.create(role=role, volunteer=waiting,
                                 organization_id=role.organization_id)  # waiting: no seat held

    # The lapsed offer still holds its seat in the counter until it is swept.
    assert both() == {"seats_taken": 1, "seats_offered": 2, "seats_free": 1,
                      "apprentices_taken": 1}
    # The person offered a seat counts it as theirs (a lapsed offer is no longer theirs).
    assert both(for_volunteer=offered)["seats_free"] == 2
    assert both(for_volunteer=lapsed)["seats_free"] == 1
    assert both(for_volunteer=holder)["seats_free"] == 1
    # Swept: the two free seats are offered on, to the apprentice first, then the waitlist.
    assert services.waitlist_lapse_offers() == 1
    assert both()["seats_offered"] == 3
    assert WaitlistEntry.objects.get(volunteer=waiting).status == WaitlistEntry.Status.OFFERED


def test_fewer_seats_than_taken_and_offered_is_refused(taken_and_offered):
    role, _ = taken_and_offered
    boss = factories.UserFactory()
    factories.MembershipFactory(user=boss, organization=role.organization,
                                level=Membership.Level.ORCHESTRATOR)
    with pytest.raises(Invalid, match="1 seats are taken and 1 held for people offered one"):
        services.role_update(role=role, actor=boss, seats=1)
    assert services.role_update(role=role, actor=boss, seats=2).seats == 2


@pytest.mark.parametrize("role_status", list(Role.Status))
@pytest.mark.parametrize("initiative_status", list(Initiative.Status))
def test_takes_claims_is_one_rule_in_memory_and_in_sql(db, role_status, initiative_status):
    role = factories.RoleFactory(status=role_status, initiative__status=initiative_status)
    in_sql = Role.objects.taking_claims().filter(pk=role.pk).exists()
    in_memory = Role.objects.select_related("initiative").get(pk=role.pk).takes_claims
    assert in_sql == in_memory == (role_status == Role.Status.OPEN
                                   and initiative_status == Initiative.Status.ACTIVE)
