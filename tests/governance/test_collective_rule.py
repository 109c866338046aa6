"""The collective rule on every page and endpoint of a private collective.

A private collective is seen in full by its coordinator and its *active* member organizations;
an organization that is only *invited* sees its invitation and the charter it is asked to
accept, and nothing else: every other page and API endpoint answers 404, exactly as for an
outsider. The rule lives once, in `initiatives.access`.
"""

import pytest

from governance import services as governance
from initiatives.models import CollectiveMembership
from tests import factories
from tests.builders import api_key, staff

PAGES = ["", "report/", "indicators/", "charts/progress.svg", "coverage/", "accountability/",
         "stories/"]
API = ["collectives/{}/", "collectives/{}/charter/", "collectives/{}/commitments/",
       "collectives/{}/coverage/", "collectives/{}/stories/", "collectives/{}/indicators/",
       "stats/collectives/{}/", "stats/collectives/{}/series/"]

pytestmark = pytest.mark.usefixtures("fresh_cache")  # API throttle counters


@pytest.fixture
def private(world):
    """World's collective made private, with a charter, and an organization only invited."""
    world.collective.is_public = False
    world.collective.save()
    governance.charter_update(collective=world.collective, actor=world.coord,
                              purpose="Every school improving.")
    world.invited = factories.OrganizationFactory(name="Invitee")
    factories.CollectiveMembershipFactory(collective=world.collective, organization=world.invited,
                                          status=CollectiveMembership.Status.INVITED)
    world.invited_owner = factories.MembershipFactory(organization=world.invited,
                                                      level="owner").user
    world.invited_orch = staff(world.invited)
    return world


def page(world, path):
    return f"/collectives/{world.collective.slug}/{path}"


def test_an_invited_organization_sees_the_charter_and_its_invitation(client, private):
    client.force_login(private.invited_owner)
    response = client.get(page(private, "charter/"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Every school improving." in body and "Accept version 1 for Invitee" in body
    client.force_login(private.invited_orch)  # an orchestrator reads it; only owners accept
    body = client.get(page(private, "charter/")).content.decode()
    assert "Every school improving." in body and "Accept version 1 for Invitee" not in body


@pytest.mark.parametrize("path", PAGES)
def test_an_invited_organization_gets_404_on_every_other_page(client, private, path):
    for person in (private.invited_owner, private.invited_orch):
        client.force_login(person)
        assert client.get(page(private, path)).status_code == 404, path


@pytest.mark.parametrize("path", PAGES + ["charter/"])
def test_active_members_and_the_coordinator_see_every_page(client, private, path):
    for person in (private.coord, private.b_orch, private.b_member):
        client.force_login(person)
        assert client.get(page(private, path)).status_code == 200, (person, path)


@pytest.mark.parametrize("path", API)
def test_the_api_answers_404_to_an_invited_organization_and_200_to_a_member(
        api, private, path):
    url = "/api/v1/" + path.format(private.collective.slug)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key(private.invited)[1]}")
    assert api.get(url).status_code == 404
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key(private.b)[1]}")
    assert api.get(url).status_code == 200


def test_an_invited_organization_finds_the_collective_in_no_api_list(api, private):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key(private.invited)[1]}")
    slugs = {c["slug"] for c in api.get("/api/v1/collectives/").json()["results"]}
    decisions = api.get("/api/v1/decisions/", {"collective": private.collective.slug}).json()
    assert private.collective.slug not in slugs and decisions["results"] == []
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key(private.b)[1]}")
    slugs = {c["slug"] for c in api.get("/api/v1/collectives/").json()["results"]}
    decisions = api.get("/api/v1/decisions/", {"collective": private.collective.slug}).json()
    assert private.collective.slug in slugs and decisions["results"]


def test_accepting_the_charter_opens_every_page(client, private):
    client.force_login(private.invited_owner)
    response = client.post(page(private, "charter/"), {"organization": private.invited.pk})
    assert response.status_code == 302
    for path in PAGES:
        assert client.get(page(private, path)).status_code == 200, path
