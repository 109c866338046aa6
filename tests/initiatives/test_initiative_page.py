"""/initiatives/<slug>/: purpose, goal, open roles, decision log, resources, proposals."""

import datetime as dt

from roles import services
from roles.models import Proposal, Role
from tests import factories


def test_initiative_page_shows_the_public_record(client, db):
    initiative = factories.InitiativeFactory(purpose="Cleaner rivers for all")
    initiative.sdgs.add(6)
    factories.RoleFactory(initiative=initiative, title="Gauge reader")
    factories.RoleFactory(initiative=initiative, title="Closed one", status="closed")
    factories.DecisionFactory(initiative=initiative, decided_on=dt.date(2026, 10, 1),
                              title="Count only verified work", decided_by="Steering circle")
    factories.ResourceFactory(initiative=initiative, title="Gauge toolkit",
                              url="https://example.org/kit")
    page = client.get(initiative.get_absolute_url()).content.decode()
    for text in ("Cleaner rivers for all", "SDG 6", "Gauge reader", "Count only verified work",
                 "Gauge toolkit", "Propose a role or a micro-improvement", "Log in to propose"):
        assert text in page
    assert "Closed one" not in page


def test_private_initiative_of_another_organization_is_404(client, db):
    initiative = factories.InitiativeFactory(is_public=False)
    client.force_login(factories.ProfileFactory().user)
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert client.post(f"/initiatives/{initiative.slug}/propose/",
                       {"kind": "role", "title": "t", "description": "d"}).status_code == 404
    assert not Proposal.objects.exists()


def test_member_sees_own_private_initiative(client, db):
    initiative = factories.InitiativeFactory(is_public=False)
    member = factories.MembershipFactory(organization=initiative.organization).user
    client.force_login(member)
    assert client.get(initiative.get_absolute_url()).status_code == 200


def test_volunteer_proposes_and_orchestrator_accepts_credited_to_the_proposer(client, db):
    initiative = factories.InitiativeFactory()
    author = factories.ProfileFactory().user
    client.force_login(author)
    client.post(f"/initiatives/{initiative.slug}/propose/",
                {"kind": "role", "title": "Tool library keeper", "description": "Lend tools"})
    proposal = Proposal.objects.get()
    orchestrator = factories.MembershipFactory(organization=initiative.organization,
                                               level="orchestrator").user
    client.force_login(orchestrator)
    assert "Tool library keeper" in client.get(initiative.get_absolute_url()).content.decode()
    client.post(f"/proposals/{proposal.pk}/accept/",
                {"hours_per_week": "1", "seats": "2", "capability": "relating"})
    role = Role.objects.get(title="Tool library keeper")
    assert (role.proposed_by, role.seats, role.capability) == (author, 2, "relating")
    client.force_login(author)
    page = client.get("/me/?tab=proposals").content.decode()
    assert "Accepted" in page and role.get_absolute_url() in page


def test_orchestrator_declines_with_a_reason_the_proposer_reads(client, db):
    initiative = factories.InitiativeFactory()
    author = factories.ProfileFactory().user
    proposal = services.proposal_submit(initiative=initiative, author=author, title="Idea",
                                        description="Do it")
    client.force_login(factories.MembershipFactory(organization=initiative.organization,
                                                   level="owner").user)
    client.post(f"/proposals/{proposal.pk}/decline/", {"reason": "Already planned for May"})
    client.force_login(author)
    assert "Already planned for May" in client.get("/me/?tab=proposals").content.decode()


def test_another_organization_s_orchestrator_cannot_decide(client, db):
    initiative = factories.InitiativeFactory()
    proposal = services.proposal_submit(initiative=initiative,
                                        author=factories.ProfileFactory().user,
                                        title="Idea", description="Do it")
    outsider = factories.MembershipFactory(level="orchestrator").user
    client.force_login(outsider)
    assert "Idea" not in client.get(initiative.get_absolute_url()).content.decode()
    assert client.post(f"/proposals/{proposal.pk}/accept/",
                       {"hours_per_week": "1", "seats": "1",
                        "capability": "relating"}).status_code == 404
    assert client.post(f"/proposals/{proposal.pk}/decline/",
                       {"reason": "no"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_initiative_page_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    initiative = factories.InitiativeFactory()
    for _ in range(20):
        factories.RoleFactory(initiative=initiative)
    with django_assert_max_num_queries(8):
        assert client.get(initiative.get_absolute_url()).status_code == 200
