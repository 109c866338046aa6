"""Issue 10 review: the indicator registry admin refuses cross-collective writes with a form
error (never a 500, nothing written), and bad values are form errors."""

import pytest

from initiatives.models import Indicator
from tests import factories

ADD = "/admin/initiatives/indicator/add/"


def _orchestrator(org):
    user = factories.MembershipFactory(organization=org, level="orchestrator").user
    user.is_staff = True
    user.save()
    return user


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
    return {"mine": mine, "theirs": theirs, "me": _orchestrator(other_org)}


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
