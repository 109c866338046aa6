import pytest

from crowddo.errors import InvalidState, NotAllowed
from people import services
from people.models import Membership, User
from tests import factories


@pytest.fixture
def owner(org):
    return factories.MembershipFactory(organization=org, level="owner").user


def test_orchestrators_and_owners_become_staff_and_lose_it_when_removed(org, owner):
    assert User.objects.get(pk=owner.pk).is_staff
    invitation = services.membership_invite(organization=org, email="New@Example.org",
                                            level="orchestrator", actor=owner)
    person = invitation.user
    assert person.email == "new@example.org" and not person.is_staff  # not a member yet
    assert not person.has_usable_password()
    membership = services.invitation_accept(token=invitation.token, user=person)
    person.refresh_from_db()
    assert person.is_staff
    services.membership_change(membership=membership, level="member", actor=owner)
    assert not User.objects.get(pk=person.pk).is_staff
    services.membership_change(membership=membership, level="orchestrator", actor=owner)
    services.membership_remove(membership=membership, actor=owner)
    assert not User.objects.get(pk=person.pk).is_staff


def test_orchestrator_cannot_change_memberships(org):
    orchestrator = factories.MembershipFactory(organization=org, level="orchestrator").user
    with pytest.raises(NotAllowed, match="owners"):
        services.membership_invite(organization=org, email="x@example.org", actor=orchestrator)
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def test_another_organizations_owner_cannot_change_memberships(org, other_org, owner):
    outsider = factories.MembershipFactory(organization=other_org, level="owner").user
    member = factories.MembershipFactory(organization=org)
    with pytest.raises(NotAllowed):
        services.membership_change(membership=member, level="owner", actor=outsider)
    with pytest.raises(NotAllowed):
        services.membership_remove(membership=member, actor=outsider)
    assert Membership.objects.get(pk=member.pk).level == "member"


def test_last_owner_cannot_step_down(org, owner):
    membership = Membership.objects.get(user=owner)
    with pytest.raises(InvalidState, match="at least one owner"):
        services.membership_change(membership=membership, level="member", actor=owner)
    with pytest.raises(InvalidState):
        services.membership_remove(membership=membership, actor=owner)


def test_inviting_twice_or_an_existing_member_is_refused(org, owner):
    invitation = services.membership_invite(organization=org, email="a@example.org", actor=owner)
    with pytest.raises(InvalidState, match="waiting for an answer already"):
        services.membership_invite(organization=org, email="a@example.org", actor=owner)
    services.invitation_accept(token=invitation.token, user=invitation.user)
    with pytest.raises(InvalidState, match="already in"):
        services.membership_invite(organization=org, email="a@example.org", actor=owner)
