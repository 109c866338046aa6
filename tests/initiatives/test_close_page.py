"""The initiative page's "Close with an outcome" tool: orchestrators only, 404 for others."""

from initiatives.models import Initiative
from tests import factories

OUTCOME = "The footbridge opened in May; 300 people cross it daily."


def test_orchestrator_closes_from_the_initiative_page(client, org):
    initiative = factories.InitiativeFactory(organization=org)
    client.force_login(factories.MembershipFactory(organization=org, level="orchestrator").user)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert f'action="/initiatives/{initiative.slug}/close/"' in page
    response = client.post(f"/initiatives/{initiative.slug}/close/", {"outcome": OUTCOME},
                           follow=True)
    page = response.content.decode()
    assert "Everyone who contributed will be told" in page
    assert "What came of it" in page and OUTCOME in page
    assert Initiative.objects.get(pk=initiative.pk).status == "closed"


def test_empty_outcome_is_a_400_form_error(client, org):
    initiative = factories.InitiativeFactory(organization=org)
    client.force_login(factories.MembershipFactory(organization=org, level="owner").user)
    response = client.post(f"/initiatives/{initiative.slug}/close/", {"outcome": " "})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "active"


def test_others_neither_see_the_tool_nor_reach_it(client, org, other_org):
    initiative = factories.InitiativeFactory(organization=org)
    for user in (factories.MembershipFactory(organization=other_org, level="owner").user,
                 factories.MembershipFactory(organization=org, level="member").user):
        client.force_login(user)
        assert "/close/" not in client.get(initiative.get_absolute_url()).content.decode()
        url = f"/initiatives/{initiative.slug}/close/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"outcome": OUTCOME}).status_code == 404
    client.logout()
    assert client.post(f"/initiatives/{initiative.slug}/close/",
                       {"outcome": OUTCOME}).status_code == 302  # to the login page
    assert Initiative.objects.get(pk=initiative.pk).status == "active"
