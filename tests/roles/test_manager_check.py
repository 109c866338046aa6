"""May manage this organization — every roles write asks `people.access.require_manager`
and refuses with its one message (the roles services had two messages of their own)."""

import pytest

from crowddo.errors import NotAllowed
from people.access import MANAGER_ONLY
from people.models import Membership
from roles import services
from roles.models import Claim, Proposal
from tests import factories


@pytest.fixture
def world(db):
    role = factories.RoleFactory(seats=2)
    holder = factories.ProfileFactory(weekly_capacity_hours=8).user
    claim = services.claim_role(role=role, volunteer=holder)
    author = factories.ProfileFactory().user
    proposal = services.proposal_submit(initiative=role.initiative, author=author,
                                        title="Idea", description="Why.")
    member = factories.MembershipFactory(organization=role.organization,
                                         level=Membership.Level.MEMBER).user
    return {"role": role, "claim": claim, "proposal": proposal, "member": member}


WRITES = {
    "role_create": lambda w, who: services.role_create(
        initiative=w["role"].initiative, actor=who, title="T", responsibility="R",
        capability="relating"),
    "role_update": lambda w, who: services.role_update(role=w["role"], actor=who, title="T"),
    "claim_release by another": lambda w, who: services.claim_release(claim=w["claim"],
                                                                      volunteer=who),
    "claims_expire": lambda w, who: services.claims_expire(
        claims=Claim.objects.filter(pk=w["claim"].pk), actor=who),
    "proposal_accept": lambda w, who: services.proposal_accept(proposal=w["proposal"],
                                                               orchestrator=who),
    "proposal_decline": lambda w, who: services.proposal_decline(proposal=w["proposal"],
                                                                 orchestrator=who, reason="No."),
    "proposals_decline": lambda w, who: services.proposals_decline(
        proposals=Proposal.objects.filter(pk=w["proposal"].pk), actor=who, reason="No."),
}


@pytest.mark.parametrize("write", WRITES)
def test_a_member_who_does_not_manage_is_refused_with_the_one_message(world, write):
    with pytest.raises(NotAllowed) as refused:
        WRITES[write](world, world["member"])
    assert refused.value.message.endswith(MANAGER_ONLY)


@pytest.mark.parametrize("write", WRITES)
def test_a_manager_may(world, write):
    boss = factories.MembershipFactory(organization=world["role"].organization,
                                       level=Membership.Level.ORCHESTRATOR).user
    assert WRITES[write](world, boss)  # the row written, or how many
