"""The seat counter (`roles.services.seat_counter`): every transition keeps it equal to the
rows, the CHECK refuses an overfill written around it, and the reconciliation finds drift."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from crowddo.errors import Invalid, RoleFull, RoleNotOpen
from people.models import Membership
from roles import services, tasks
from roles.models import Claim, Role, WaitlistEntry
from roles.services import seat_counter
from tests import factories


def person(capacity=8):
    return factories.ProfileFactory(weekly_capacity_hours=capacity).user


def counter(role):
    return Role.objects.values_list("seats_taken", "seats_offered").get(pk=role.pk)


def test_every_transition_moves_the_counter_and_it_equals_the_rows(db):
    role = factories.RoleFactory(seats=2, hours_per_week=1, term_weeks=4)
    a, b, c, d = person(), person(), person(), person()
    first = services.claim_role(role=role, volunteer=a)
    second = services.claim_role(role=role, volunteer=b)
    assert counter(role) == (2, 0)
    services.waitlist_join(role=role, volunteer=c)
    services.waitlist_join(role=role, volunteer=d)
    services.claim_release(claim=first, volunteer=a)  # freed and offered to c at once
    assert counter(role) == (1, 1)
    entry_c = WaitlistEntry.objects.get(volunteer=c)
    services.waitlist_leave(entry=entry_c, volunteer=c)  # declined: passes on to d
    assert counter(role) == (1, 1)
    entry_d = WaitlistEntry.objects.get(volunteer=d)
    services.waitlist_offer_accept(entry=entry_d, volunteer=d)  # offer accepted
    assert counter(role) == (2, 0)
    services.claim_hand_over(claim=second, volunteer=b)  # hand-over frees the seat
    assert counter(role) == (1, 0)
    assert seat_counter.drift() == []
    expired = Claim.objects.get(volunteer=d, status="active")
    assert services.claim_expire(claim=expired)
    assert counter(role) == (0, 0)
    assert seat_counter.drift() == []


def test_an_apprentice_stepping_up_takes_a_regular_seat_and_apprentice_seats_stay_apart(db):
    role = factories.RoleFactory(seats=1, apprentice_seats=1, hours_per_week=1)
    holder, newcomer = person(), person()
    claim = services.claim_role(role=role, volunteer=holder)
    services.claim_role(role=role, volunteer=newcomer, kind=Claim.Kind.APPRENTICE)
    assert counter(role) == (1, 0)  # the apprentice seat is not in the counter
    services.claim_complete(claim=claim, volunteer=holder)  # offered to the apprentice first
    assert counter(role) == (0, 1)
    services.claim_role(role=role, volunteer=newcomer)  # steps up: the offered seat is theirs
    assert counter(role) == (1, 0)
    assert seat_counter.drift() == []


def test_a_lapsed_offer_holds_its_seat_until_swept_and_a_claim_sweeps_it(db):
    """Decision: a lapsed offer still counts in seats_offered until it is swept; a claim that
    finds the role full sweeps the role's lapsed offers and takes the freed seat."""
    role = factories.RoleFactory(seats=1, hours_per_week=1)
    holder, waiting, newcomer = person(), person(), person()
    claim = services.claim_role(role=role, volunteer=holder)
    services.waitlist_join(role=role, volunteer=waiting)
    services.claim_release(claim=claim, volunteer=holder)
    WaitlistEntry.objects.update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert counter(role) == (0, 1)  # lapsed, not swept: the seat is still held
    assert Role.objects.with_seats().get(pk=role.pk).seats_free == 0
    services.claim_role(role=role, volunteer=newcomer)
    assert counter(role) == (1, 0)
    assert WaitlistEntry.objects.get(volunteer=waiting).status == WaitlistEntry.Status.LAPSED
    assert seat_counter.drift() == []


def test_a_lapsed_offer_is_no_longer_its_holders_to_accept(db):
    role = factories.RoleFactory(seats=1, hours_per_week=1)
    holder, waiting = person(), person()
    claim = services.claim_role(role=role, volunteer=holder)
    services.waitlist_join(role=role, volunteer=waiting)
    services.claim_release(claim=claim, volunteer=holder)
    WaitlistEntry.objects.update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.waitlist_lapse_offers() == 1
    assert counter(role) == (0, 0)
    assert seat_counter.drift() == []


def test_seats_cannot_be_edited_below_taken_and_offered(db):
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    boss = factories.UserFactory()
    factories.MembershipFactory(user=boss, organization=role.organization,
                                level=Membership.Level.ORCHESTRATOR)
    services.claim_role(role=role, volunteer=person())
    services.claim_role(role=role, volunteer=person())
    with pytest.raises(Invalid, match="2 seats are taken"):
        services.role_update(role=role, actor=boss, seats=1)
    role.refresh_from_db()
    assert role.seats == 2
    # A role saved with a stale copy in memory never writes the counter back.
    stale = Role.objects.get(pk=role.pk)
    services.claim_release(claim=Claim.objects.filter(role=role).first(),
                           volunteer=boss)
    stale.title = "Renamed"
    stale.save()
    assert counter(role) == (1, 0)


def test_closing_the_initiative_empties_the_counter(db):
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    services.claim_role(role=role, volunteer=person())
    services.initiative_roles_close(initiative_id=role.initiative_id,
                                    organization_id=role.organization_id,
                                    closed_at=timezone.now())
    assert counter(role) == (0, 0)
    assert seat_counter.drift() == []
    with pytest.raises(RoleNotOpen):
        services.claim_role(role=role, volunteer=person())


@pytest.mark.postgres
def test_the_check_refuses_an_overfill_written_around_the_service(db):
    role = factories.RoleFactory(seats=1, hours_per_week=1)
    services.claim_role(role=role, volunteer=person())
    with (pytest.raises(IntegrityError, match="role_seats_not_overfilled"),
          transaction.atomic(), connection.cursor() as cursor):
            cursor.execute("UPDATE roles_role SET seats_taken = seats_taken + 1 WHERE id = %s",
                           [role.pk])
    with (pytest.raises(IntegrityError, match="role_seats_not_overfilled"),
          transaction.atomic(), connection.cursor() as cursor):
            cursor.execute("UPDATE roles_role SET seats_offered = 1 WHERE id = %s", [role.pk])
    with pytest.raises(RoleFull):
        services.claim_role(role=role, volunteer=person())


def test_reconciliation_reports_drift_and_fix_recounts(db, capsys):
    role = factories.RoleFactory(seats=3, hours_per_week=1)
    services.claim_role(role=role, volunteer=person())
    call_command("seats_reconcile")
    assert "equals" in capsys.readouterr().out
    assert tasks.reconcile_seats() == 0
    Role.objects.filter(pk=role.pk).update(seats_taken=3)  # written around the counter
    assert tasks.reconcile_seats() == 1
    with pytest.raises(CommandError, match="1 role"):
        call_command("seats_reconcile")
    assert f"role {role.pk}: seats_taken 3 (active claims 1)" in capsys.readouterr().out
    call_command("seats_reconcile", "--fix")
    assert counter(role) == (1, 0)
    assert seat_counter.drift() == []
