"""The distributed-leadership measures on small cases computed by hand."""

import pytest

from dashboards import services
from dashboards.models import Audience, Kind, LeadershipMeasure
from dashboards.selectors import figures, measures
from roles import services as role_services
from roles.models import Capability, Proposal
from tests import builders, factories


def test_gini_of_known_distributions():
    assert measures.gini([5, 5, 5, 5]) == 0
    # 2·(1·1 + 2·2 + 3·3 + 4·4) / (4·10) − 5/4 = 60/40 − 1.25
    assert measures.gini([1, 2, 3, 4]) == pytest.approx(0.25)
    # one of four did everything: 2·4·1/(4·1) − 5/4
    assert measures.gini([0, 0, 0, 1]) == pytest.approx(0.75)
    assert measures.gini([]) is None


def _measure(kind, scope_id, audience=Audience.ALL):
    services.rollup_scope(kind=kind, scope_id=scope_id, audience=audience)
    return LeadershipMeasure.objects.get(kind=kind, scope_id=scope_id, audience=audience)


def test_gini_and_top_ten_percent_of_verified_hours_in_the_database(db):
    role = factories.RoleFactory(seats=5, hours_per_week=1)
    boss = builders.staff(role.organization)
    for hours in (1, 2, 3, 4):
        builders.work(role, builders.person(20), [(hours, 1, None)], verifier=boss,
                      verify_logs=True)
    builders.work(role, builders.person(20), [(10, 1, None)])  # not verified: not counted

    m = _measure(Kind.INITIATIVE, role.initiative_id)

    assert m.verified_volunteers == 4
    assert m.gini == pytest.approx(0.25)
    assert m.top10_share == pytest.approx(0.4)  # ceil(4/10) = 1 volunteer: 4 of 10 hours


def test_a_verified_claim_does_not_make_its_hours_verified(db):
    """Each contribution is verified on its own: the hours logged on a claim a peer verified
    (but whose contributions nobody verified) are not verified hours."""
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    boss = builders.staff(role.organization)
    builders.work(role, builders.person(20), [(3, 1, None)], final="verified", verifier=boss)
    builders.work(role, builders.person(20), [(3, 1, None)], verifier=boss, verify_logs=True)

    m = _measure(Kind.INITIATIVE, role.initiative_id)

    assert (m.verified_volunteers, m.gini, m.top10_share) == (1, 0.0, 1.0)


def test_participation_capabilities_proposals_verification_and_load(db):
    initiative = factories.InitiativeFactory()
    org = initiative.organization
    boss = builders.staff(org)
    sense = factories.RoleFactory(initiative=initiative, capability=Capability.SENSEMAKING)
    vision = factories.RoleFactory(initiative=initiative, capability=Capability.VISIONING)
    factories.RoleFactory(initiative=initiative, capability=Capability.RELATING)  # unfilled
    a, b, c = builders.person(20), builders.person(20), builders.person(20)
    builders.work(sense, a, [(1, 2, None)], final="verified", verifier=boss)
    builders.work(vision, b, [(1, 2, None)], final="completed")
    role_services.proposal_submit(initiative=initiative, author=c, title="Idea",
                                  description="A small role.", kind=Proposal.Kind.ROLE)

    m = _measure(Kind.INITIATIVE, initiative.pk)

    # a, b hold roles; c proposed; boss verified a's claim: 4 participants, 2 holders.
    assert (m.participants, m.role_holders) == (4, 2)
    assert m.capabilities == {"sensemaking": 1, "visioning": 1}
    assert (m.roles_total, m.roles_from_proposals) == (3, 0)
    assert (m.completed_work, m.peer_verified_work) == (2, 1)
    # open roles with a free seat: relating, sense and vision (their seats freed on completion);
    # pending: b's completed claim + its submitted contribution + a's submitted contribution.
    assert (m.orchestrators, m.open_roles, m.pending_verifications) == (1, 3, 3)
    assert m.boundary_spanners is None  # only a collective has member organizations


def test_roles_from_accepted_proposals_are_counted(db):
    initiative = factories.InitiativeFactory()
    boss = builders.staff(initiative.organization)
    factories.RoleFactory(initiative=initiative)
    proposal = role_services.proposal_submit(initiative=initiative, author=builders.person(20),
                                             title="Homework club", description="Weekly.")
    role_services.proposal_accept(proposal=proposal, orchestrator=boss,
                                  responsibility="Run the club.")

    m = _measure(Kind.INITIATIVE, initiative.pk)

    assert (m.roles_total, m.roles_from_proposals) == (2, 1)


def test_boundary_spanners_work_in_two_member_organizations(db):
    collective, (one, two) = builders.collective_with(orgs=2)
    role_one = factories.RoleFactory(initiative__organization=one,
                                     initiative__collective=collective, seats=3)
    role_two = factories.RoleFactory(initiative__organization=two,
                                     initiative__collective=collective, seats=3)
    spanner, local = builders.person(20), builders.person(20)
    builders.work(role_one, spanner, [(1, 1, None)])
    builders.work(role_two, spanner, [(1, 1, None)])
    builders.work(role_one, local, [(1, 1, None)])

    m = _measure(Kind.COLLECTIVE, collective.pk, Audience.PUBLIC)

    assert m.boundary_spanners == 1
    assert m.capabilities == {"sensemaking": 2}


def test_apprentice_seats_neither_fill_a_role_nor_count_as_open_and_mentoring_is_relating(db):
    role = factories.RoleFactory(seats=2, apprentice_seats=1)
    role_services.claim_role(role=role, volunteer=builders.person(20))
    role_services.claim_role(role=role, volunteer=builders.person(20), kind="apprentice")
    scope = (Kind.INITIATIVE, role.initiative_id, Audience.ALL)

    assert figures.role_totals(scope)["roles_open"] == 1
    role_services.claim_role(role=role, volunteer=builders.person(20))
    assert figures.role_totals(scope)["roles_filled"] == 1
    assert measures.mentorships(scope) == 1
    services.refresh_initiative(initiative_id=role.initiative_id)
    row = LeadershipMeasure.objects.get(kind=Kind.INITIATIVE, scope_id=role.initiative_id)
    assert (row.mentorships, row.capabilities) == (1, {"sensemaking": 1, "relating": 1})
