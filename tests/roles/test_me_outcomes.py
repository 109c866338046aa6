"""/me/: "What came of your work" and the path each of the author's proposals took."""

import datetime as dt

import pytest
from django.utils import timezone

from dashboards import services as dashboard_services
from dashboards.models import Milestone
from initiatives import services as outcomes
from roles import services
from tests import factories
from tests.builders import signed_in, staff
from tests.roles.me_queries import ME_MAX_QUERIES


def _closed_with(role, volunteer, text):
    claim = services.claim_role(role=role, volunteer=volunteer)
    services.contribution_log(claim=claim, volunteer=volunteer, date=timezone.localdate(),
                              hours=1, micro_improvements=1)
    boss = factories.MembershipFactory(organization=role.organization, level="owner").user
    outcomes.initiative_close(initiative=role.initiative, actor=boss, outcome=text)


def test_outcomes_of_my_initiatives_show_newest_first_with_the_statement(client, db):
    user = signed_in(client, 40)
    first, second = factories.RoleFactory(hours_per_week=1), factories.RoleFactory(
        hours_per_week=1, initiative__goal_target=1)
    _closed_with(first, user, "The river is clean again.")
    # One test transaction: PostgreSQL's now() is its start, so date the first one back.
    Milestone.objects.update(reached_at=timezone.now() - dt.timedelta(days=1))
    claim = services.claim_role(role=second, volunteer=user)
    done = services.contribution_log(claim=claim, volunteer=user, date=timezone.localdate(),
                                     hours=1, micro_improvements=1)
    services.contribution_verify(contribution=done, verifier=staff(second.organization))
    dashboard_services.rollup_everything()
    page = client.get("/me/?tab=numbers").content.decode()
    section = page[page.index("What came of your work"):]
    assert "The river is clean again." in section
    assert section.index(f"{second.initiative.name} reached 100%") < \
        section.index(f"{first.initiative.name} closed with an outcome")


def test_other_peoples_and_other_organizations_outcomes_stay_off_my_page(client, db):
    signed_in(client, 40)
    private = factories.RoleFactory(hours_per_week=1, initiative__is_public=False)
    stranger = factories.ProfileFactory(weekly_capacity_hours=10).user
    factories.MembershipFactory(user=stranger, organization=private.organization)
    _closed_with(private, stranger, "A private result of another organization.")
    _closed_with(factories.RoleFactory(hours_per_week=1), stranger, "Someone else's public win.")
    page = "".join(client.get(f"/me/?tab={t}").content.decode()
                   for t in ("roles", "verify", "numbers", "proposals"))
    assert "A private result" not in page and "Someone else" not in page
    assert "When an initiative you worked in" in page


def test_proposal_paths_from_pending_to_verified_or_declined(client, db):
    user = signed_in(client, 40)
    boss = factories.MembershipFactory(level="orchestrator").user
    initiative = factories.InitiativeFactory(organization=boss.memberships.get().organization)
    pending, accepted, declined = (
        services.proposal_submit(initiative=initiative, author=user, title=t, description="d")
        for t in ("Idea pending", "Idea accepted", "Idea declined"))
    services.proposal_decline(proposal=declined, orchestrator=boss, reason="Done already.")
    lead = services.proposal_accept(proposal=accepted, orchestrator=boss, seats=2,
                                    supporting_titles=["Helper"])
    claim = services.waitlist_offer_accept(entry=lead.waitlist.get(), volunteer=user)
    peer = factories.ProfileFactory().user
    services.claim_role(role=lead, volunteer=peer)
    services.claim_complete(claim=claim, volunteer=user)
    services.claim_verify(claim=claim, verifier=boss)
    response = client.get("/me/?tab=proposals")
    page = response.content.decode()
    assert "waiting for an orchestrator" in page
    assert "Done already." in page
    assert "2 roles created" in page
    assert "claimed: 1 seat held now" in page
    assert "completed: 1, of which verified by a peer: 1" in page
    [p] = [p for p in response.context["proposals"] if p.pk == accepted.pk]
    assert (p.roles_created, p.seats_claimed, p.claims_done, p.claims_verified) == (2, 1, 1, 1)


@pytest.mark.parametrize("n", [1, 8])
def test_me_query_count_stays_flat_with_outcomes_and_proposals(
        client, db, django_assert_max_num_queries, n):
    user = signed_in(client, 40)
    boss = factories.MembershipFactory(level="orchestrator").user
    initiative = factories.InitiativeFactory(organization=boss.memberships.get().organization)
    for i in range(n):
        _closed_with(factories.RoleFactory(hours_per_week=1), user, f"Outcome {i}")
        proposal = services.proposal_submit(initiative=initiative, author=user,
                                            title=f"Idea {i}", description="d")
        services.proposal_accept(proposal=proposal, orchestrator=boss,
                                 supporting_titles=["Helper"])
    with django_assert_max_num_queries(ME_MAX_QUERIES):
        response = client.get("/me/?tab=numbers")
    assert response.content.decode().count("closed with an outcome") == n
