"""Every form and URL of the volunteer side, given bad input: 4xx or a form error, never 500."""

import pytest
from django.utils import timezone

from roles import services
from roles.models import Claim, Contribution, Proposal
from tests import factories

HUGE = "x" * 100_000


@pytest.fixture
def setup(client, db):
    user = factories.ProfileFactory(weekly_capacity_hours=8).user
    client.force_login(user)
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    return user, claim


@pytest.mark.parametrize("query", [
    "?max_hours=-3", "?max_hours=abc", "?max_hours=99999999999999999999", "?sdg=99",
    "?sdg=abc", "?skill=nope", "?region=999999", "?region=-1", "?organization=../../etc",
    "?collective=%00", "?sort=evil", "?page=abc", "?page=-5", "?page=99999",
    f"?q={'y' * 5000}", "?capability=boss", "?remote=maybe&region=1x",
])
def test_role_list_with_garbage_filters_is_200_with_field_errors(client, db, query):
    factories.RoleFactory()
    response = client.get("/roles/" + query)
    assert response.status_code == 200


def test_role_list_reports_the_bad_field(client, db):
    page = client.get("/roles/?max_hours=-3").content.decode()
    assert "greater than or equal to 1" in page


@pytest.mark.parametrize("url", [
    "/roles/0/", "/roles/99999999/", "/roles/99999999999999999999999/", "/roles/abc/",
    "/initiatives/no-such-thing/", "/me/claims/999999/log/",
])
def test_unknown_ids_are_404(client, setup, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [
    "/roles/99999999999999999999/claim/", "/me/claims/99999999999999999999/release/",
    "/me/claims/0/complete/", "/me/waitlist/99999999999/accept/", "/me/waitlist/0/leave/",
    "/me/verify/claims/99999999999999999999/", "/me/verify/contributions/0/",
    "/proposals/0/accept/", "/proposals/99999999999999999999/decline/",
])
def test_actions_on_unknown_ids_are_404(client, setup, url):
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("url", ["/roles/1/claim/", "/me/claims/1/release/",
                                 "/me/verify/claims/1/", "/proposals/1/accept/"])
def test_actions_refuse_get(client, setup, url):
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("data, error", [
    ({"date": "2026-13-45", "hours": "1"}, "Enter a valid date"),
    ({"date": "1066-10-14", "hours": "1"}, "not in the future"),
    ({"date": "9999-12-31", "hours": "1"}, "not in the future"),
    ({"hours": "-2"}, "greater than or equal to 0.25"),
    ({"hours": "0"}, "greater than or equal to 0.25"),
    ({"hours": "1e400"}, "less than or equal to 24"),
    ({"hours": "NaN"}, "Enter a number"),
    ({"hours": "25"}, "less than or equal to 24"),
    ({"micro_improvements": "-1"}, "greater than or equal to 0"),
    ({"micro_improvements": "10000000000000"}, "at most 500 micro-improvements"),
    ({"region": "999999"}, "Select a valid choice"),
    ({"note": HUGE}, "at most 4000 characters"),
])
def test_contribution_bad_values_are_form_errors_and_write_nothing(client, setup, data, error):
    _, claim = setup
    payload = {"date": timezone.localdate().isoformat(), "hours": "1",
               "micro_improvements": "0", **data}
    response = client.post(f"/me/claims/{claim.pk}/log/", payload)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Contribution.objects.exists()


def test_huge_handoff_note_is_refused_and_the_claim_stays(client, setup):
    _, claim = setup
    response = client.post(f"/me/claims/{claim.pk}/release/", {"handoff_note": HUGE}, follow=True)
    assert "at most 4,000 characters" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACTIVE


def test_huge_verify_comment_is_refused(client, db):
    role = factories.RoleFactory(seats=2)
    doer, peer = factories.ProfileFactory().user, factories.ProfileFactory().user
    claim = services.claim_role(role=role, volunteer=doer)
    services.claim_role(role=role, volunteer=peer)
    services.claim_complete(claim=claim, volunteer=doer)
    client.force_login(peer)
    client.post(f"/me/verify/claims/{claim.pk}/", {"comment": HUGE})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.COMPLETED


@pytest.mark.parametrize("data, error", [
    ({"weekly_capacity_hours": "-4"}, "greater than or equal to 1"),
    ({"weekly_capacity_hours": "0"}, "greater than or equal to 1"),
    ({"weekly_capacity_hours": "81"}, "less than or equal to 80"),
    ({"weekly_capacity_hours": "lots"}, "Enter a whole number"),
    ({"display_name": HUGE}, "at most 80 characters"),
    ({"bio": HUGE}, "at most 2000 characters"),
    ({"skills": ["999999"]}, "Select a valid choice"),
    ({"regions": ["abc"]}, "is not a valid value"),
])
def test_profile_bad_values_are_form_errors(client, setup, data, error):
    user, _ = setup
    response = client.post("/me/profile/", {"weekly_capacity_hours": "4", **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    user.profile.refresh_from_db()
    assert user.profile.weekly_capacity_hours == 8


@pytest.mark.parametrize("data", [
    {"kind": "role", "title": "", "description": "x"},
    {"kind": "boss", "title": "t", "description": "x"},
    {"kind": "role", "title": HUGE, "description": "x"},
    {"kind": "role", "title": "t", "description": HUGE},
    {"kind": "role", "title": "   ", "description": "   "},
])
def test_bad_proposals_are_form_errors(client, setup, data):
    _, claim = setup
    slug = claim.role.initiative.slug
    response = client.post(f"/initiatives/{slug}/propose/", data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("data", [
    {"hours_per_week": "-1", "seats": "1", "capability": "inventing"},
    {"hours_per_week": "2", "seats": "0", "capability": "inventing"},
    {"hours_per_week": "2", "seats": "1", "capability": "boss"},
])
def test_bad_proposal_accept_values_create_no_role(client, db, data):
    proposal = factories_proposal()
    orchestrator = factories.MembershipFactory(organization=proposal.initiative.organization,
                                               level="orchestrator").user
    client.force_login(orchestrator)
    response = client.post(f"/proposals/{proposal.pk}/accept/", data, follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def factories_proposal():
    initiative = factories.InitiativeFactory()
    return services.proposal_submit(initiative=initiative,
                                    author=factories.ProfileFactory().user,
                                    title="Tool library", description="Lend tools")
