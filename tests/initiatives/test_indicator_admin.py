"""The indicator registry in the admin: the coordinator defines, members read, others see
nothing; every change is kept in the history."""

import datetime as dt

import pytest

from initiatives.models import Indicator
from roles.models import Contribution, IndicatorValue
from tests import factories
from tests.builders import staff

ADD = "/admin/initiatives/indicator/add/"


def _change(indicator):
    return f"/admin/initiatives/indicator/{indicator.pk}/change/"


@pytest.fixture
def collective(org, other_org):
    collective = factories.CollectiveFactory(coordinator=org)
    factories.CollectiveMembershipFactory(collective=collective, organization=other_org)
    return collective


@pytest.fixture
def indicator(collective):
    return factories.IndicatorFactory(collective=collective, name="Schools reached",
                                      slug="schools", aggregation="distinct")


def _form(collective, **overrides):
    data = {"collective": collective.pk, "name": "Trees planted", "slug": "trees",
            "definition": "A sapling in the ground, alive after 30 days.", "unit": "trees",
            "aggregation": "sum", "is_active": "on"}
    return {**data, **overrides}


def test_coordinator_orchestrator_defines_an_indicator_with_regions(client, org, collective):
    country = factories.RegionFactory()
    client.force_login(person := staff(org))
    response = client.post(ADD, _form(collective, regions=[country.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    indicator = Indicator.objects.get(slug="trees")
    assert indicator.organization_id == org.pk
    assert list(indicator.regions.all()) == [country]
    assert indicator.history.first().history_user == person


def test_coordinator_changes_and_retires_and_history_keeps_the_versions(client, org,
                                                                        indicator):
    client.force_login(staff(org))
    form = _form(indicator.collective, name="Schools reached", slug="schools",
                 aggregation="distinct", definition="A school with at least one visit.")
    form.pop("is_active")
    assert client.post(_change(indicator), form).status_code == 302
    indicator.refresh_from_db()
    assert not indicator.is_active and indicator.definition.startswith("A school with")
    assert indicator.history.count() == 2
    assert client.get(f"/admin/initiatives/indicator/{indicator.pk}/history/").status_code == 200


def test_member_organization_reads_but_cannot_change_or_add(client, other_org, indicator):
    client.force_login(staff(other_org))
    assert indicator.name in client.get("/admin/initiatives/indicator/").content.decode()
    page = client.get(_change(indicator))
    assert page.status_code == 200 and 'name="definition"' not in page.content.decode()
    response = client.post(_change(indicator), _form(indicator.collective, name="Hijacked"))
    assert response.status_code == 403
    assert client.get(ADD).status_code == 403  # coordinates no collective
    indicator.refresh_from_db()
    assert indicator.name == "Schools reached"


def test_second_organization_cannot_see_or_change_anothers_indicator(client, indicator):
    outsider = factories.OrganizationFactory()
    factories.CollectiveFactory(coordinator=outsider)  # may add, but only to its own
    client.force_login(staff(outsider))
    assert indicator.name not in client.get("/admin/initiatives/indicator/").content.decode()
    assert client.get(_change(indicator)).status_code == 404
    assert client.post(_change(indicator), _form(indicator.collective)).status_code == 404
    # Adding into A's collective: the choice is not offered and is refused.
    response = client.post(ADD, _form(indicator.collective, slug="sneaky"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Indicator.objects.filter(slug="sneaky").exists()


def test_indicators_are_retired_not_deleted(client, org, indicator):
    client.force_login(staff(org))
    response = client.post(f"/admin/initiatives/indicator/{indicator.pk}/delete/",
                           {"post": "yes"})
    assert response.status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_indicator_with_reports_keeps_how_it_adds_up(client, org, indicator):
    # A distinct count's reports are names; read as a sum they would publish a wrong figure.
    role = factories.RoleFactory(initiative=factories.InitiativeFactory(organization=org))
    contribution = factories.ContributionFactory(
        claim=factories.ClaimFactory(role=role), hours=1, date=dt.date(2026, 11, 2),
        micro_improvements=0, status=Contribution.Status.SUBMITTED)
    IndicatorValue.objects.create(organization_id=contribution.organization_id,
                                  contribution=contribution, indicator=indicator,
                                  key="School 4", value=1)
    client.force_login(staff(org))
    form = _form(indicator.collective, name="Schools reached", slug="schools",
                 aggregation="sum", definition="Changed too.")
    response = client.post(_change(indicator), form)
    assert response.status_code == 200
    assert "cannot change how it adds up" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.aggregation == "distinct" and indicator.definition != "Changed too."
    form["aggregation"] = "distinct"  # the rest of the change is still allowed
    assert client.post(_change(indicator), form).status_code == 302
    indicator.refresh_from_db()
    assert indicator.definition == "Changed too."
