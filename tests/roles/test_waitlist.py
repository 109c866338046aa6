"""Waitlist: a freed seat is held 48 hours for the first person waiting."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from crowddo.errors import AlreadyHeld, InvalidState, NotAllowed, OverCapacity, RoleFull
from roles import services
from roles.models import Claim, WaitlistEntry
from tests import factories
from tests.builders import person


@pytest.fixture
def full_role(db):
    role = factories.RoleFactory(seats=1, hours_per_week=2)
    holder = person()
    claim = services.claim_role(role=role, volunteer=holder)
    return role, holder, claim


def test_join_is_refused_while_a_seat_is_free(db):
    role = factories.RoleFactory(seats=2)
    with pytest.raises(InvalidState, match="free seat: claim it"):
        services.waitlist_join(role=role, volunteer=person())


def test_joining_twice_is_refused(full_role):
    role, _, _ = full_role
    waiter = person()
    services.waitlist_join(role=role, volunteer=waiter)
    with pytest.raises(AlreadyHeld, match="on the waitlist"):
        services.waitlist_join(role=role, volunteer=waiter)


def test_released_seat_is_offered_to_the_first_waiting_and_held_from_others(
    full_role, django_capture_on_commit_callbacks
):
    role, holder, claim = full_role
    first, second, stranger = person(), person(), person()
    services.waitlist_join(role=role, volunteer=first)
    services.waitlist_join(role=role, volunteer=second)

    with django_capture_on_commit_callbacks(execute=True):
        services.claim_release(claim=claim, volunteer=holder)

    offer = WaitlistEntry.objects.get(role=role, volunteer=first)
    assert offer.status == WaitlistEntry.Status.OFFERED
    assert offer.offer_expires_at - offer.offered_at == dt.timedelta(hours=48)
    assert WaitlistEntry.objects.get(volunteer=second).status == WaitlistEntry.Status.WAITING
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert "48 hours" in mail.outbox[0].subject
    with pytest.raises(RoleFull):
        services.claim_role(role=role, volunteer=stranger)
    assert services.waitlist_offer_accept(entry=offer, volunteer=first).status == "active"
    offer.refresh_from_db()
    assert offer.status == WaitlistEntry.Status.ACCEPTED


def test_only_the_person_offered_can_accept(full_role):
    role, holder, claim = full_role
    waiter = person()
    entry = services.waitlist_join(role=role, volunteer=waiter)
    services.claim_release(claim=claim, volunteer=holder)
    with pytest.raises(NotAllowed):
        services.waitlist_offer_accept(entry=entry, volunteer=person())


def test_the_burnout_guard_still_applies_to_an_offer(full_role):
    role, holder, claim = full_role
    waiter = person(capacity=2)
    services.claim_role(role=factories.RoleFactory(hours_per_week=1), volunteer=waiter)
    entry = services.waitlist_join(role=role, volunteer=waiter)
    services.claim_release(claim=claim, volunteer=holder)
    with pytest.raises(OverCapacity, match="you hold 1 h of your 2 h a week"):
        services.waitlist_offer_accept(entry=entry, volunteer=waiter)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED  # they may raise capacity and accept


def test_declined_offer_passes_to_the_next_person(full_role):
    role, holder, claim = full_role
    first, second = person(), person()
    entry = services.waitlist_join(role=role, volunteer=first)
    services.waitlist_join(role=role, volunteer=second)
    services.claim_complete(claim=claim, volunteer=holder)
    services.waitlist_leave(entry=entry, volunteer=first)
    assert WaitlistEntry.objects.get(volunteer=second).status == WaitlistEntry.Status.OFFERED


def test_unanswered_offer_lapses_and_passes_on_once(full_role, django_capture_on_commit_callbacks):
    role, holder, claim = full_role
    first, second = person(), person()
    services.waitlist_join(role=role, volunteer=first)
    services.waitlist_join(role=role, volunteer=second)
    services.claim_release(claim=claim, volunteer=holder)
    WaitlistEntry.objects.filter(volunteer=first).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.waitlist_lapse_offers() == 1
        assert services.waitlist_lapse_offers() == 0

    assert WaitlistEntry.objects.get(volunteer=first).status == WaitlistEntry.Status.LAPSED
    assert WaitlistEntry.objects.get(volunteer=second).status == WaitlistEntry.Status.OFFERED
    assert [m.to for m in mail.outbox] == [[second.email]]


def test_a_lapsed_offer_no_longer_holds_the_seat(full_role):
    role, holder, claim = full_role
    services.waitlist_join(role=role, volunteer=person())
    services.claim_release(claim=claim, volunteer=holder)
    WaitlistEntry.objects.update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.claim_role(role=role, volunteer=person()).status == Claim.Status.ACTIVE


def test_claiming_directly_takes_you_off_the_waitlist(db):
    role = factories.RoleFactory(seats=1)
    holder, waiter = person(), person()
    claim = services.claim_role(role=role, volunteer=holder)
    services.waitlist_join(role=role, volunteer=waiter)
    services.claim_release(claim=claim, volunteer=holder)
    services.claim_role(role=role, volunteer=waiter)
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.ACCEPTED


def test_adding_seats_offers_them_to_the_waitlist(full_role):
    role, _, _ = full_role
    waiter = person()
    services.waitlist_join(role=role, volunteer=waiter)
    orchestrator = factories.MembershipFactory(organization=role.organization,
                                               level="orchestrator").user
    services.role_update(role=role, actor=orchestrator, seats=2)
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED


def test_waitlist_actions_on_someone_else_s_entry_are_404(client, full_role):
    role, _, _ = full_role
    entry = services.waitlist_join(role=role, volunteer=person())
    client.force_login(person())
    assert client.post(f"/me/waitlist/{entry.pk}/accept/").status_code == 404
    assert client.post(f"/me/waitlist/{entry.pk}/leave/").status_code == 404
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.WAITING
