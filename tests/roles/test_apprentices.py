"""Apprentice seats: pairing, refusals, first offer of a freed seat, mentor verification."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from crowddo.errors import AlreadyHeld, NoMentor, OverCapacity, RoleFull
from roles import selectors, services
from roles.models import Claim, Role, Verification, WaitlistEntry
from tests import factories
from tests.builders import person

APPRENTICE = Claim.Kind.APPRENTICE


def apprentice_of(role, who=None):
    return services.claim_role(role=role, volunteer=who or person(), kind=APPRENTICE)


@pytest.fixture
def full_role(db):
    """One regular seat, held; two apprentice seats."""
    role = factories.RoleFactory(seats=1, apprentice_seats=2, hours_per_week=2)
    holder = person()
    return role, holder, services.claim_role(role=role, volunteer=holder)


def test_apprentice_is_paired_with_the_current_holder(full_role):
    role, holder, _ = full_role
    claim = apprentice_of(role)
    assert (claim.kind, claim.mentor, claim.status) == (APPRENTICE, holder, Claim.Status.ACTIVE)


def test_apprentice_seat_does_not_take_a_regular_seat(full_role):
    role, holder, claim = full_role
    apprentice_of(role)
    services.claim_release(claim=claim, volunteer=holder)
    row = Role.objects.with_seats().get(pk=role.pk)
    assert (row.seats_taken, row.apprentice_seats_free) == (0, 1)


def test_the_holder_with_fewest_apprentices_is_chosen(db):
    role = factories.RoleFactory(seats=2, apprentice_seats=3)
    first, second = person(), person()
    services.claim_role(role=role, volunteer=first)
    services.claim_role(role=role, volunteer=second)
    assert [apprentice_of(role).mentor for _ in range(3)] == [first, second, first]


def test_without_holders_the_most_recent_active_past_holder_mentors(db):
    role = factories.RoleFactory(seats=1, apprentice_seats=1)
    older, recent = person(), person()
    for who in (older, recent):
        claim = services.claim_role(role=role, volunteer=who)
        services.claim_complete(claim=claim, volunteer=who)
    Claim.objects.filter(volunteer=older).update(completed_at=timezone.now())
    older.is_active = False  # gone: never paired
    older.save()
    Claim.objects.filter(volunteer=recent).update(
        completed_at=timezone.now() - dt.timedelta(days=1))
    assert apprentice_of(role).mentor == recent


def test_without_any_holder_the_coordinator_mentors(db):
    coordinator = person()
    role = factories.RoleFactory(apprentice_seats=1, coordinator=coordinator)
    assert apprentice_of(role).mentor == coordinator


def test_nobody_to_mentor_is_refused_clearly(db):
    role = factories.RoleFactory(apprentice_seats=1)
    with pytest.raises(NoMentor, match="Nobody can mentor an apprentice in this role"):
        apprentice_of(role)
    assert not Claim.objects.exists()


def test_the_coordinator_never_mentors_themselves(db):
    coordinator = person()
    role = factories.RoleFactory(apprentice_seats=1, coordinator=coordinator)
    with pytest.raises(NoMentor):
        apprentice_of(role, coordinator)


def test_role_without_apprentice_seats_refuses(full_role):
    role, _, _ = full_role
    Role.objects.filter(pk=role.pk).update(apprentice_seats=0)
    with pytest.raises(RoleFull, match="no apprentice seats"):
        apprentice_of(role)


def test_full_apprentice_seats_refuse(full_role):
    role, _, _ = full_role
    apprentice_of(role)
    apprentice_of(role)
    with pytest.raises(RoleFull, match="All apprentice seats of this role are taken"):
        apprentice_of(role)


def test_a_past_regular_holder_is_not_a_newcomer(full_role):
    role, holder, claim = full_role
    services.claim_release(claim=claim, volunteer=holder)
    with pytest.raises(AlreadyHeld, match="apprentice seats are for newcomers"):
        apprentice_of(role, holder)


def test_the_holder_cannot_also_be_an_apprentice(full_role):
    role, holder, _ = full_role
    with pytest.raises(AlreadyHeld, match="You already hold this role"):
        apprentice_of(role, holder)


def test_the_burnout_guard_counts_apprentice_hours(full_role):
    role, _, _ = full_role
    busy = person(capacity=3)
    services.claim_role(role=factories.RoleFactory(hours_per_week=2), volunteer=busy)
    with pytest.raises(OverCapacity, match="you hold 2 h of your 3 h a week"):
        apprentice_of(role, busy)
    newcomer = person(capacity=2)
    apprentice_of(role, newcomer)
    assert services.active_hours(newcomer) == 2


def test_apprentice_offered_the_seat_before_the_waitlist(
    full_role, django_capture_on_commit_callbacks
):
    role, holder, claim = full_role
    waiter = person()
    services.waitlist_join(role=role, volunteer=waiter)
    older, younger = apprentice_of(role), apprentice_of(role)

    with django_capture_on_commit_callbacks(execute=True):
        services.claim_release(claim=claim, volunteer=holder)

    offer = WaitlistEntry.objects.get(volunteer=older.volunteer)
    assert (offer.status, offer.via) == (WaitlistEntry.Status.OFFERED,
                                         WaitlistEntry.Via.APPRENTICE)
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.WAITING
    assert not WaitlistEntry.objects.filter(volunteer=younger.volunteer).exists()
    assert [m.to for m in mail.outbox] == [[older.volunteer.email]]
    assert "As its apprentice you are offered it before the waitlist" in mail.outbox[0].body
    with pytest.raises(RoleFull):
        services.claim_role(role=role, volunteer=waiter)


def test_declined_apprentice_offer_goes_to_the_next_apprentice_then_the_waitlist(full_role):
    role, holder, claim = full_role
    waiter = person()
    services.waitlist_join(role=role, volunteer=waiter)
    older, younger = apprentice_of(role), apprentice_of(role)
    services.claim_complete(claim=claim, volunteer=holder)
    for apprentice in (older, younger):
        entry = WaitlistEntry.objects.get(volunteer=apprentice.volunteer)
        assert entry.status == WaitlistEntry.Status.OFFERED
        services.waitlist_leave(entry=entry, volunteer=apprentice.volunteer)
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED
    assert Claim.objects.get(pk=older.pk).status == Claim.Status.ACTIVE  # still an apprentice


def test_lapsed_apprentice_offer_passes_to_the_waitlist(full_role):
    role, holder, claim = full_role
    waiter = person()
    services.waitlist_join(role=role, volunteer=waiter)
    apprentice = apprentice_of(role)
    services.claim_release(claim=claim, volunteer=holder)
    WaitlistEntry.objects.filter(volunteer=apprentice.volunteer).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.waitlist_lapse_offers() == 1
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED


def test_accepting_turns_the_apprenticeship_into_a_regular_seat(full_role):
    role, holder, claim = full_role
    apprentice = apprentice_of(role, person(capacity=2))  # exactly the role's hours: no double
    services.claim_release(claim=claim, volunteer=holder)
    entry = WaitlistEntry.objects.get(volunteer=apprentice.volunteer)

    seat = services.waitlist_offer_accept(entry=entry, volunteer=apprentice.volunteer)

    apprentice.refresh_from_db()
    assert (seat.kind, seat.status, seat.mentor) == (Claim.Kind.REGULAR, "active", None)
    assert apprentice.status == Claim.Status.COMPLETED and apprentice.completed_at
    assert apprentice.history.first().status == Claim.Status.COMPLETED
    assert services.active_hours(apprentice.volunteer) == 2
    row = Role.objects.with_seats().get(pk=role.pk)
    assert (row.seats_taken, row.seats_free, row.apprentice_seats_free) == (1, 0, 2)


def test_mentor_verifies_the_apprentice_even_without_holding_anything(full_role):
    role, holder, claim = full_role
    apprentice = apprentice_of(role)
    services.claim_release(claim=claim, volunteer=holder)  # the mentor holds nothing now
    entry = WaitlistEntry.objects.get(volunteer=apprentice.volunteer)
    services.waitlist_offer_accept(entry=entry, volunteer=apprentice.volunteer)
    apprentice.refresh_from_db()
    assert services.can_verify(verifier=holder, claim=apprentice)
    assert list(selectors.claims_to_verify(holder)) == [apprentice]

    services.claim_verify(claim=apprentice, verifier=holder)

    check = Verification.objects.get(claim=apprentice)
    assert (check.by_mentor, check.verifier) == (True, holder)


def test_mentor_verifies_contributions_and_sees_them_in_the_queue(full_role):
    role, holder, claim = full_role
    apprentice = apprentice_of(role)
    services.claim_release(claim=claim, volunteer=holder)
    work = services.contribution_log(claim=apprentice, volunteer=apprentice.volunteer,
                                     date=timezone.localdate(), hours=1)
    assert list(selectors.contributions_to_verify(holder)) == [work]
    services.contribution_verify(contribution=work, verifier=holder)
    assert Verification.objects.get(contribution=work).by_mentor is True


def test_a_peer_who_is_not_the_mentor_is_not_marked_mentor(full_role):
    role, _, _ = full_role
    apprentice = apprentice_of(role)
    peer = factories.MembershipFactory(organization=role.organization, level="orchestrator").user
    work = services.contribution_log(claim=apprentice, volunteer=apprentice.volunteer,
                                     date=timezone.localdate(), hours=1)
    services.contribution_verify(contribution=work, verifier=peer)
    assert Verification.objects.get(contribution=work).by_mentor is False


def test_fewer_apprentice_seats_than_taken_is_refused(full_role):
    from crowddo.errors import Invalid

    role, _, _ = full_role
    apprentice_of(role)
    boss = factories.MembershipFactory(organization=role.organization, level="orchestrator").user
    with pytest.raises(Invalid, match="1 apprentice seats are taken"):
        services.role_update(role=role, actor=boss, apprentice_seats=0)
    services.role_update(role=role, actor=boss, seats=1, apprentice_seats=1)


def test_apprentice_claiming_a_full_role_is_told_they_come_first(full_role):
    role, _, _ = full_role
    claim = apprentice_of(role)
    with pytest.raises(RoleFull, match="offered the next seat that frees, before the waitlist"):
        services.claim_role(role=role, volunteer=claim.volunteer)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.ACTIVE  # nothing lost
