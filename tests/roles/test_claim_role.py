import pytest

from crowddo.errors import AlreadyHeld, NotAllowed, OverCapacity, RoleFull, RoleNotOpen
from roles import services
from roles.models import Claim, Role
from tests import factories


def test_claim_gives_a_seat(role, volunteer):
    claim = services.claim_role(role=role, volunteer=volunteer)
    assert claim.status == Claim.Status.ACTIVE
    assert claim.organization_id == role.organization_id
    assert Role.objects.with_seats().get(pk=role.pk).seats_free == 1


def test_full_role_refuses_claim(db):
    role = factories.RoleFactory(seats=1)
    services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    with pytest.raises(RoleFull, match="This role is full"):
        services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    assert Claim.objects.filter(role=role).count() == 1


def test_same_volunteer_twice_is_refused(role, volunteer):
    services.claim_role(role=role, volunteer=volunteer)
    with pytest.raises(AlreadyHeld, match="You already hold this role"):
        services.claim_role(role=role, volunteer=volunteer)


@pytest.mark.parametrize("role_status, initiative_status", [
    ("closed", "active"), ("draft", "active"), ("open", "closed"), ("open", "draft"),
])
def test_role_that_is_not_open_refuses_claim(db, volunteer, role_status, initiative_status):
    role = factories.RoleFactory(status=role_status, initiative__status=initiative_status)
    with pytest.raises(RoleNotOpen, match="not open"):
        services.claim_role(role=role, volunteer=volunteer)


def test_private_role_of_another_organization_cannot_be_claimed(volunteer):
    role = factories.RoleFactory(initiative__is_public=False)
    with pytest.raises(RoleNotOpen):
        services.claim_role(role=role, volunteer=volunteer)


def test_member_can_claim_private_role_of_own_organization(volunteer):
    role = factories.RoleFactory(initiative__is_public=False)
    factories.MembershipFactory(user=volunteer, organization=role.organization)
    assert services.claim_role(role=role, volunteer=volunteer).status == "active"


def test_burnout_guard_refuses_with_the_numbers(db):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=4).user
    services.claim_role(role=factories.RoleFactory(hours_per_week=3), volunteer=volunteer)
    with pytest.raises(OverCapacity) as err:
        services.claim_role(role=factories.RoleFactory(hours_per_week=2), volunteer=volunteer)
    assert "you hold 3 h of your 4 h a week; this role needs 2 h" in str(err.value)


def test_release_frees_the_seat(db):
    role = factories.RoleFactory(seats=1)
    first = factories.ProfileFactory().user
    claim = services.claim_role(role=role, volunteer=first)
    services.claim_release(claim=claim, volunteer=first, handoff_note="Sheet is up to date.")
    claim.refresh_from_db()
    assert claim.status == "released" and claim.ended_at is not None
    assert services.claim_role(role=role, volunteer=factories.ProfileFactory().user)


def test_only_the_holder_can_release(role, volunteer):
    claim = services.claim_role(role=role, volunteer=volunteer)
    with pytest.raises(NotAllowed):
        services.claim_release(claim=claim, volunteer=factories.UserFactory())
    claim.refresh_from_db()
    assert claim.status == "active"


def test_complete_frees_the_seat_and_keeps_the_record(db):
    role = factories.RoleFactory(seats=1)
    holder = factories.ProfileFactory().user
    claim = services.claim_complete(
        claim=services.claim_role(role=role, volunteer=holder), volunteer=holder
    )
    assert claim.status == "completed" and claim.completed_at
    assert Role.objects.with_seats().get(pk=role.pk).seats_free == 1
    assert services.claim_role(role=role, volunteer=factories.ProfileFactory().user)


def test_database_refuses_two_active_claims_for_same_person_and_role(role, volunteer):
    from django.db import IntegrityError, transaction

    services.claim_role(role=role, volunteer=volunteer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(role=role, volunteer=volunteer, organization=role.organization)


@pytest.mark.parametrize("field, value", [
    ("seats", 0), ("hours_per_week", 0), ("duration_weeks", 0), ("hours_per_week", 41),
])
def test_database_constraints_on_role(db, field, value):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.RoleFactory(**{field: value})
