"""The admin's "Close with an outcome": action and change-page button, tenant-scoped."""

import pytest

from dashboards.models import Milestone
from initiatives.models import Initiative
from tests import factories
from tests.builders import staff

OUTCOME = "Every school in the district now has a safe crossing."


@pytest.fixture
def initiative(org):
    return factories.InitiativeFactory(organization=org)


def act(client, pks, follow=False, **extra):
    return client.post("/admin/initiatives/initiative/", {
        "action": "close_with_outcome", "_selected_action": [str(pk) for pk in pks], **extra},
        follow=follow)


def test_change_page_button_opens_the_form_and_closes(client, org, initiative):
    client.force_login(staff(org, is_staff=True))
    change = client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    url = f"/admin/initiatives/initiative/{initiative.pk}/close/"
    assert url in change.content.decode()
    form = client.get(url)
    assert form.status_code == 200 and 'for="id_outcome"' in form.content.decode()
    response = client.post(url, {"outcome": OUTCOME})
    assert response.status_code == 302
    closed = Initiative.objects.get(pk=initiative.pk)
    assert (closed.status, closed.outcome) == ("closed", OUTCOME)
    assert url not in client.get(
        f"/admin/initiatives/initiative/{initiative.pk}/change/").content.decode()


@pytest.mark.parametrize("outcome, message", [("", "This field is required"),
                                              ("x" * 1001, "at most 1000 characters")])
def test_bad_outcome_is_a_form_error_and_changes_nothing(client, org, initiative, outcome,
                                                         message):
    client.force_login(staff(org, is_staff=True))
    response = client.post(f"/admin/initiatives/initiative/{initiative.pk}/close/",
                           {"outcome": outcome})
    assert response.status_code == 400 and message in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "active"


def test_refusal_of_the_service_shows_on_the_form(client, org):
    draft = factories.InitiativeFactory(organization=org, status="draft")
    client.force_login(staff(org, is_staff=True))
    response = client.post(f"/admin/initiatives/initiative/{draft.pk}/close/",
                           {"outcome": OUTCOME})
    assert response.status_code == 400
    assert "Only an active initiative can be closed" in response.content.decode()


def test_another_organization_cannot_open_or_post_the_close_form(client, initiative, other_org):
    client.force_login(staff(other_org, is_staff=True))
    url = f"/admin/initiatives/initiative/{initiative.pk}/close/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": OUTCOME}).status_code == 404
    act(client, [initiative.pk], apply="1", outcome=OUTCOME)
    assert Initiative.objects.get(pk=initiative.pk).status == "active"
    assert not Milestone.objects.exists()


def test_plain_members_cannot_close(client, org, initiative):
    client.force_login(staff(org, "member", is_staff=True))
    url = f"/admin/initiatives/initiative/{initiative.pk}/close/"
    assert client.post(url, {"outcome": OUTCOME}).status_code in (302, 403, 404)
    assert Initiative.objects.get(pk=initiative.pk).status == "active"


def test_the_action_closes_one_initiative_at_a_time(client, org, initiative):
    second = factories.InitiativeFactory(organization=org)
    client.force_login(staff(org, is_staff=True))
    response = act(client, [initiative.pk, second.pk], apply="1", outcome=OUTCOME, follow=True)
    assert "Close one initiative at a time" in response.content.decode()
    assert set(Initiative.objects.values_list("status", flat=True)) == {"active"}
    act(client, [initiative.pk], apply="1", outcome=OUTCOME)
    assert Initiative.objects.get(pk=initiative.pk).status == "closed"
