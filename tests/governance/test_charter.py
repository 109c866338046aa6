import pytest

from crowddo.errors import Invalid, InvalidState, NotAllowed
from governance import services as governance
from governance.models import CharterAcceptance
from initiatives.models import CollectiveMembership, Decision
from tests import factories


def adopt(w, **kwargs):
    values = {"purpose": "Every school improving, district by district.",
              "principles": "Tools, not rules\nCount only verified work"}
    values.update(kwargs)
    return governance.charter_update(collective=w.collective, actor=w.coord, **values)


def test_charter_acceptance_is_recorded_once_with_who_and_when(world):
    adopt(world)
    first = governance.charter_accept(collective=world.collective, organization=world.b,
                                      actor=world.b_orch)
    second_orch = factories.MembershipFactory(organization=world.b, level="owner").user
    again = governance.charter_accept(collective=world.collective, organization=world.b,
                                      actor=second_orch)
    assert again.pk == first.pk
    assert CharterAcceptance.objects.filter(organization=world.b).count() == 1
    assert again.accepted_by == world.b_orch and again.accepted_at is not None


def test_accepting_the_charter_makes_an_invited_organization_a_member(world):
    adopt(world)
    invited = factories.CollectiveMembershipFactory(
        collective=world.collective, status=CollectiveMembership.Status.INVITED)
    owner = factories.MembershipFactory(organization=invited.organization, level="owner").user
    governance.charter_accept(collective=world.collective, organization=invited.organization,
                              actor=owner)
    invited.refresh_from_db()
    assert invited.status == "active" and invited.accepted_by == owner


def test_an_organization_outside_the_collective_cannot_accept_its_charter(world):
    adopt(world)
    with pytest.raises(NotAllowed, match="not invited"):
        governance.charter_accept(collective=world.collective, organization=world.x,
                                  actor=world.x_orch)
    with pytest.raises(NotAllowed):  # nor can an outsider accept on a member's behalf
        governance.charter_accept(collective=world.collective, organization=world.b,
                                  actor=world.x_orch)
    assert not CharterAcceptance.objects.exists()


def test_a_plain_member_cannot_accept_for_the_organization(world):
    adopt(world)
    with pytest.raises(NotAllowed):
        governance.charter_accept(collective=world.collective, organization=world.b,
                                  actor=world.b_member)


def test_charter_changes_are_versions_and_public_decisions(world):
    charter = adopt(world)
    governance.charter_accept(collective=world.collective, organization=world.b,
                              actor=world.b_orch)
    changed = adopt(world, purpose="Every school and every parent.", rationale="Parents asked.")
    assert changed.version == 2
    titles = list(Decision.objects.filter(collective=world.collective)
                  .order_by("id").values_list("title", flat=True))
    assert titles == ["Charter adopted (version 1)", "Charter changed (version 2)"]
    assert Decision.objects.get(title__contains="version 2").rationale == "Parents asked."
    # the earlier acceptance was of version 1; version 2 is accepted anew
    governance.charter_accept(collective=world.collective, organization=world.b,
                              actor=world.b_orch)
    assert sorted(CharterAcceptance.objects.filter(charter=charter)
                  .values_list("version", flat=True)) == [1, 2]


def test_only_the_coordinator_changes_the_charter(world):
    adopt(world)
    with pytest.raises(NotAllowed):
        governance.charter_update(collective=world.collective, actor=world.b_orch,
                                  purpose="Taken over")
    assert world.collective.charter.purpose.startswith("Every school improving")


def test_an_unchanged_or_empty_charter_is_refused(world):
    adopt(world)
    with pytest.raises(InvalidState, match="Nothing in the charter changed"):
        adopt(world)
    with pytest.raises(Invalid, match="shared purpose"):
        adopt(world, purpose="  ")
    assert Decision.objects.filter(collective=world.collective).count() == 1


def test_no_charter_no_acceptance(world):
    with pytest.raises(InvalidState, match="no charter yet"):
        governance.charter_accept(collective=world.collective, organization=world.b,
                                  actor=world.b_orch)
