import pytest

from crowddo.errors import Invalid, InvalidState, NotAllowed
from roles import services
from roles.models import Proposal, Role
from tests import factories


@pytest.fixture
def initiative(orchestrator):
    org = orchestrator.memberships.get().organization
    return factories.InitiativeFactory(organization=org)


def test_orchestrator_creates_a_role(initiative, orchestrator):
    role = services.role_create(
        initiative=initiative, actor=orchestrator, title="Data steward",
        responsibility="Keep the sheet right.", capability="sensemaking", hours_per_week=2,
    )
    assert role.organization_id == initiative.organization_id


def test_another_organizations_orchestrator_cannot_create_or_update_roles(initiative):
    outsider = factories.MembershipFactory(level="orchestrator").user
    with pytest.raises(NotAllowed):
        services.role_create(initiative=initiative, actor=outsider, title="x",
                             responsibility="y", capability="visioning")
    role = factories.RoleFactory(initiative=initiative)
    with pytest.raises(NotAllowed):
        services.role_update(role=role, actor=outsider, title="taken over")
    role.refresh_from_db()
    assert role.title != "taken over"


def test_invalid_role_values_are_refused_with_the_field_named(initiative, orchestrator):
    with pytest.raises(Invalid, match="capability"):
        services.role_create(initiative=initiative, actor=orchestrator, title="x",
                             responsibility="y", capability="telepathy")
    assert not Role.objects.exists()


def test_seats_cannot_drop_below_taken(initiative, orchestrator):
    role = factories.RoleFactory(initiative=initiative, seats=2, hours_per_week=1)
    for _ in range(2):
        services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    with pytest.raises(Invalid, match="2 seats are taken"):
        services.role_update(role=role, actor=orchestrator, seats=1)


def test_proposal_accepted_becomes_a_role_credited_to_its_author(initiative, orchestrator):
    author = factories.UserFactory()
    proposal = services.proposal_submit(initiative=initiative, author=author,
                                        title="Weekly tree census", description="Count trees.")
    role = services.proposal_accept(proposal=proposal, orchestrator=orchestrator)
    proposal.refresh_from_db()
    assert role.proposed_by == author
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.resulting_role == role
    with pytest.raises(InvalidState):
        services.proposal_decline(proposal=proposal, orchestrator=orchestrator, reason="late")


def test_declining_needs_a_reason(initiative, orchestrator):
    proposal = services.proposal_submit(initiative=initiative, author=factories.UserFactory(),
                                        title="Idea", description="Details")
    with pytest.raises(Invalid, match="Say why"):
        services.proposal_decline(proposal=proposal, orchestrator=orchestrator, reason=" ")
    declined = services.proposal_decline(proposal=proposal, orchestrator=orchestrator,
                                         reason="We do this already.")
    assert declined.status == "declined"


def test_proposal_to_a_private_initiative_of_another_organization_is_refused(db):
    private = factories.InitiativeFactory(is_public=False)
    with pytest.raises(NotAllowed):
        services.proposal_submit(initiative=private, author=factories.UserFactory(),
                                 title="t", description="d")


def test_orchestrator_can_release_a_claim_of_their_organization(initiative, orchestrator):
    role = factories.RoleFactory(initiative=initiative)
    holder = factories.ProfileFactory().user
    claim = services.claim_role(role=role, volunteer=holder)
    assert services.claim_release(claim=claim, volunteer=orchestrator).status == "released"
