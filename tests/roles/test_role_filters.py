"""One FilterSet for the role list (`roles.filters.RoleFilterSet`): the /roles/ page and the
API's /api/v1/roles/ select the same roles for the same filters."""

import pytest
from rest_framework.test import APIClient

from initiatives.models import Region
from people.models import Membership
from tests import factories


@pytest.fixture
def world(db):
    skill = factories.SkillFactory(name="Mapping")
    country = factories.RegionFactory(name="Brazil")
    state = factories.RegionFactory(name="Pará", slug="para", level=Region.Level.STATE,
                                    parent=country)
    collective = factories.CollectiveFactory()
    river = factories.RoleFactory(title="Map the river", capability="sensemaking",
                                  hours_per_week=2, region=state,
                                  initiative__collective=collective)
    river.skills.add(skill)
    river.initiative.sdgs.add(6)
    reading = factories.RoleFactory(title="Teach reading", capability="relating",
                                    hours_per_week=5, is_remote=True)
    trees = factories.RoleFactory(title="Count trees", capability="relating", hours_per_week=1,
                                  region=factories.RegionFactory(name="Chile"))
    return {"skill": skill, "country": country, "collective": collective, "river": river,
            "reading": reading, "trees": trees}


QUERIES = {  # query -> titles both lists show
    "": {"Map the river", "Teach reading", "Count trees"},
    "q=RIVER": {"Map the river"},
    "skill=mapping": {"Map the river"},
    "capability=relating": {"Teach reading", "Count trees"},
    "max_hours=2": {"Map the river", "Count trees"},
    "region={country}": {"Map the river"},  # the state inside the country counts
    "region={country}&remote=on": {"Map the river", "Teach reading"},
    "remote=true": {"Teach reading"},
    "organization={organization}": {"Map the river"},
    "collective={collective}": {"Map the river"},
    "sdg=6": {"Map the river"},
    "capability=relating&max_hours=3": {"Count trees"},
}


def _query(world, template: str) -> str:
    return template.format(country=world["country"].pk, collective=world["collective"].slug,
                           organization=world["river"].organization.slug)


@pytest.mark.parametrize("template", QUERIES)
def test_the_page_and_the_api_select_the_same_roles(client, world, template):
    query = _query(world, template)
    page = client.get(f"/roles/?{query}")
    assert page.status_code == 200
    on_page = {r.title for r in page.context["page"].object_list}
    body = APIClient().get(f"/api/v1/roles/?{query}")
    assert body.status_code == 200, body.content
    in_api = {r["title"] for r in body.json()["results"]}
    assert on_page == in_api == QUERIES[template]


def test_a_private_organization_is_refused_the_same_way_as_an_unknown_one(client, world):
    """The API answered an empty list, the page a field error: now both refuse the value, and
    the page still applies the filters that are valid."""
    private = factories.RoleFactory(title="Private", initiative__is_public=False)
    for slug in (private.organization.slug, "no-such-organization"):
        body = APIClient().get(f"/api/v1/roles/?organization={slug}")
        assert body.status_code == 400
        assert "organization" in body.json()["message"]
        assert private.organization.name not in body.content.decode()
        page = client.get(f"/roles/?organization={slug}&capability=relating")
        assert page.status_code == 200
        assert "Select a valid choice" in page.content.decode()
        assert {r.title for r in page.context["page"].object_list} == {"Teach reading",
                                                                       "Count trees"}


def test_a_member_may_filter_by_their_private_collective_a_stranger_may_not(client, world):
    private = factories.CollectiveFactory(is_public=False)
    role = factories.RoleFactory(title="Inside", initiative__collective=private,
                                 initiative__is_public=False,
                                 initiative__organization=private.coordinator)
    member = factories.MembershipFactory(organization=private.coordinator,
                                         level=Membership.Level.MEMBER).user
    assert APIClient().get(f"/api/v1/roles/?collective={private.slug}").status_code == 400
    assert client.get("/roles/").context["form"].fields["collective"].queryset.filter(
        pk=private.pk).count() == 0
    client.force_login(member)
    page = client.get(f"/roles/?collective={private.slug}")
    assert [r.title for r in page.context["page"].object_list] == [role.title]


def test_the_api_keeps_its_own_filters_and_the_page_its_sort(client, world):
    world["trees"].status = "closed"
    world["trees"].save()
    closed = APIClient().get("/api/v1/roles/?status=closed").json()["results"]
    assert [r["title"] for r in closed] == ["Count trees"]
    page = client.get("/roles/?sort=hours")
    assert [r.title for r in page.context["page"].object_list] == ["Map the river",
                                                                  "Teach reading"]
    assert "status" not in page.context["form"].fields
    assert "sort" in page.context["form"].fields
