"""The indicator registry admin refuses cross-collective writes with a form error (never a
500, nothing written), and bad values are form errors."""

import pytest

from initiatives.models import Indicator
from tests import factories
from tests.builders import staff

ADD = "/admin/initiatives/indicator/add/"


def _form(collective, **overrides):
    return {"collective": collective.pk, "name": "Trees planted", "slug": "trees",
            "definition": "A sapling in the ground, alive after 30 days.", "unit": "trees",
            "aggregation": "sum", "is_active": "on", **overrides}


@pytest.fixture
def world(org, other_org):
    """`other_org` coordinates `mine` and is an active member of `theirs` (`org` coordinates
    it)."""
    mine = factories.CollectiveFactory(coordinator=other_org)
    theirs = factories.CollectiveFactory(coordinator=org)
    factories.CollectiveMembershipFactory(collective=theirs, organization=other_org)
    return {"mine": mine, "theirs": theirs, "me": staff(other_org, is_staff=True)}


def test_a_member_cannot_add_to_the_collective_it_only_belongs_to(client, world):
    client.force_login(world["me"])
    response = client.post(ADD, _form(world["theirs"], slug="sneaky"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page or "coordinating organization" in page
    assert not Indicator.objects.filter(slug="sneaky").exists()


def test_a_coordinator_cannot_move_its_indicator_into_another_collective(client, world):
    indicator = factories.IndicatorFactory(collective=world["mine"], slug="trees")
    client.force_login(world["me"])
    response = client.post(f"/admin/initiatives/indicator/{indicator.pk}/change/",
                           _form(world["theirs"]))
    assert response.status_code == 200
    indicator.refresh_from_db()
    assert indicator.collective == world["mine"]


@pytest.mark.parametrize("overrides", [
    {"definition": "nul\x00here"}, {"name": "x" * 500}, {"slug": "not a slug"},
    {"aggregation": "median"}, {"regions": ["999999"]}, {"collective_id": "999999"},
])
def test_bad_indicator_values_are_form_errors(client, world, overrides):
    client.force_login(world["me"])
    data = _form(world["mine"], **overrides)
    if "collective_id" in data:
        data["collective"] = data.pop("collective_id")
    response = client.post(ADD, data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_duplicate_slug_in_the_same_collective_is_a_form_error(client, world):
    factories.IndicatorFactory(collective=world["mine"], slug="trees")
    client.force_login(world["me"])
    response = client.post(ADD, _form(world["mine"]))
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert Indicator.objects.count() == 1


# --- contribution send-back and proposal accept actions -------------------------------------


def _two_contributions(org):
    from decimal import Decimal

    from django.utils import timezone

    from roles import services

    role = factories.RoleFactory(initiative=factories.InitiativeFactory(organization=org),
                                 hours_per_week=1)
    volunteer = factories.ProfileFactory(weekly_capacity_hours=8).user
    claim = services.claim_role(role=role, volunteer=volunteer)
    return [services.contribution_log(claim=claim, volunteer=volunteer,
                                      date=timezone.localdate(), hours=Decimal("1"))
            for _ in range(2)]


def _send_back(client, pks, **extra):
    return client.post("/admin/roles/contribution/", {
        "action": "send_back_contributions", "_selected_action": [str(pk) for pk in pks],
        **extra}, follow=True)


def test_admin_send_back_of_a_mixed_selection_writes_nothing(client, org):
    from roles import services
    from roles.models import Contribution, Verification

    fresh, verified = _two_contributions(org)
    boss = staff(org, is_staff=True)
    services.contribution_verify(contribution=verified, verifier=boss)
    client.force_login(boss)
    page = _send_back(client, [fresh.pk, verified.pk], apply="1", comment="Fix it.")
    assert "verified already" in page.content.decode()
    assert Contribution.objects.get(pk=fresh.pk).status == Contribution.Status.SUBMITTED
    assert not Verification.objects.filter(outcome=Verification.Outcome.SENT_BACK).exists()


@pytest.mark.parametrize("comment", ["", "nul\x00here", "x" * 4001])
def test_admin_send_back_with_a_bad_comment_asks_again(client, org, comment):
    from roles.models import Contribution

    fresh, _ = _two_contributions(org)
    client.force_login(staff(org, is_staff=True))
    page = _send_back(client, [fresh.pk], apply="1", comment=comment)
    assert page.status_code == 200 and 'name="comment"' in page.content.decode()
    assert Contribution.objects.get(pk=fresh.pk).status == Contribution.Status.SUBMITTED


@pytest.mark.parametrize("data", [
    {"hours_per_week": "0", "seats": "1", "capability": "visioning"},
    {"hours_per_week": "1", "seats": "1", "capability": "visioning",
     "supporting_titles": "nul\x00here"},
    {"hours_per_week": "1", "seats": "1", "capability": "visioning",
     "supporting_titles": "x" * 161},
])
def test_admin_accept_with_roles_bad_input_writes_nothing(client, org, data):
    from roles import services
    from roles.models import Proposal, Role

    initiative = factories.InitiativeFactory(organization=org)
    proposal = services.proposal_submit(initiative=initiative,
                                        author=factories.ProfileFactory().user,
                                        title="Repair café", description="Monthly.")
    client.force_login(staff(org, is_staff=True))
    page = client.post("/admin/roles/proposal/", {
        "action": "accept_with_roles", "_selected_action": [str(proposal.pk)], "apply": "1",
        **data}, follow=True)
    assert page.status_code == 200
    assert not Role.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING
