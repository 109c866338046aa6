"""/collectives/<slug>/indicators/, the indicator figures on the dashboard and report, and
/api/v1/collectives/<slug>/indicators/: definitions with their stored totals, open for public
collectives, 404 for outsiders of private ones (in the API also for an organization only
invited), a private initiative's reports never in the public figures, a fixed number of
queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from dashboards import services as dashboard_services
from dashboards.models import IndicatorTotal
from initiatives.models import CollectiveMembership
from roles import services
from tests import builders, factories

API = "/api/v1/collectives/{}/indicators/"


pytestmark = pytest.mark.usefixtures("lenient_throttles")


def _world(is_public=True):
    region = factories.RegionFactory(name="Ruritania", slug="ruritania")
    collective = factories.CollectiveFactory(is_public=is_public, slug="water-net")
    member = factories.CollectiveMembershipFactory(collective=collective).organization
    ind = factories.IndicatorFactory(
        collective=collective, slug="wells", name="Wells repaired", unit="wells",
        aggregation="latest", definition="A well giving clean water again, tested.",
        regions=[region])
    initiative = factories.InitiativeFactory(collective=collective, organization=member)
    user = factories.ProfileFactory().user
    claim = services.claim_role(role=factories.RoleFactory(initiative=initiative,
                                                           region=region), volunteer=user)
    work = services.contribution_log(claim=claim, volunteer=user, date=timezone.localdate(),
                                     hours=1, indicators=[{"indicator": "wells", "value": "4"}])
    services.contribution_verify(contribution=work, verifier=builders.staff(member))
    dashboard_services.refresh_initiative(initiative_id=initiative.pk)
    return {"collective": collective, "member": member, "indicator": ind, "region": region}


def test_public_page_publishes_every_definition_with_its_value(client, db):
    w = _world()
    page = client.get("/collectives/water-net/indicators/").content.decode()
    for text in ("Wells repaired", "(wells)", "A well giving clean water again, tested.",
                 "Latest: in each region the most recent report", "Ruritania",
                 "<strong>4 wells</strong>", "from 1 report, as of"):
        assert text in page, text
    assert w["indicator"].totals.get(region=None).value == Decimal(4)


def test_dashboard_and_report_show_the_figures_with_links_to_the_definitions(client, db):
    _world()
    for url in ("/collectives/water-net/", "/collectives/water-net/report/"):
        page = client.get(url).content.decode()
        assert 'href="/collectives/water-net/indicators/#wells">Wells repaired</a>' in page, url
        assert "4 wells" in page


def test_private_collective_indicators_are_404_for_outsiders(client, db):
    w = _world(is_public=False)
    url = "/collectives/water-net/indicators/"
    assert client.get(url).status_code == 404
    client.force_login(factories.MembershipFactory(level="owner").user)
    assert client.get(url).status_code == 404
    client.force_login(factories.MembershipFactory(organization=w["member"]).user)
    assert "Wells repaired" in client.get(url).content.decode()


@pytest.mark.parametrize("url", ["/collectives/water-net/indicators/", API.format("water-net")])
def test_query_count_does_not_grow_with_indicators(client, db, url):
    w = _world()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for n in range(6):
        factories.IndicatorFactory(collective=w["collective"], regions=[w["region"]],
                                   aggregation=["sum", "distinct", "latest"][n % 3])
    dashboard_services.rollup_collective_regions(collective_id=w["collective"].pk)
    assert count() == first
    assert first <= 6


# --- API -------------------------------------------------------------------------------------

def test_api_serves_definitions_and_totals_as_open_data(db):
    w = _world()
    response = APIClient().get(API.format("water-net"))
    assert response.status_code == 200 and response["ETag"]
    [row] = response.json()["results"]
    assert {k: row[k] for k in ("slug", "name", "unit", "aggregation", "value", "reports",
                                "regions", "is_active")} == {
        "slug": "wells", "name": "Wells repaired", "unit": "wells", "aggregation": "latest",
        "value": 4.0, "reports": 1, "regions": [w["region"].pk], "is_active": True}
    assert row["definition"] == "A well giving clean water again, tested."
    # Per region, the value is a JSON number (decimals as numbers, COERCE_DECIMAL_TO_STRING).
    assert row["by_region"] == [{"region": w["region"].pk, "region_name": "Ruritania",
                                 "value": 4.0, "reports": 1, "awaiting_value": 0.0,
                                 "awaiting_reports": 0}]
    again = APIClient().get(API.format("water-net"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    table = APIClient().get(API.format("water-net") + "?format=csv").content.decode()
    assert next(csv.DictReader(io.StringIO(table)))["slug"] == "wells"


def test_api_private_collective_is_404_for_anonymous_and_other_keys(db):
    w = _world(is_public=False)
    api = APIClient()
    url = API.format("water-net")
    assert api.get(url).status_code in (401, 404)
    other = builders.api_key(factories.OrganizationFactory())[1]
    assert api.get(url, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 404
    mine = builders.api_key(w["member"])[1]
    assert api.get(url, HTTP_AUTHORIZATION=f"Bearer {mine}").json()["results"][0]["slug"] == \
        "wells"


def test_api_is_read_only_even_for_the_coordinator_s_write_key(db):
    w = _world()
    key = builders.api_key(w["collective"].coordinator, can_write=True)[1]
    response = APIClient().post(API.format("water-net"), {"name": "Changed"}, format="json",
                                HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 405
    w["indicator"].refresh_from_db()
    assert w["indicator"].name == "Wells repaired"


def test_api_lists_the_endpoint_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/collectives/{slug}/indicators/" in schema["paths"]


# --- who never sees a private collective's figures -----------------------------------------

def test_outsiders_do_not_read_a_private_collective_s_indicators(client, db):
    collective = factories.CollectiveFactory(is_public=False, slug="closed-net")
    factories.IndicatorFactory(collective=collective, name="Wells repaired", slug="wells")
    invited = factories.CollectiveMembershipFactory(
        collective=collective, status=CollectiveMembership.Status.INVITED).organization
    api = APIClient()
    keys = (builders.api_key(invited)[1], builders.api_key(factories.OrganizationFactory())[1])
    for key in keys:
        assert api.get(API.format("closed-net"),
                       HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404
    # The pages (like the charter page an invited organization reads before joining) open to
    # an invited organization; everyone else outside gets 404.
    for user in (builders.staff(factories.OrganizationFactory()),
                 factories.MembershipFactory(organization=factories.OrganizationFactory(),
                                             level="owner").user):
        client.force_login(user)
        response = client.get("/collectives/closed-net/indicators/")
        assert response.status_code == 404 and "Wells" not in response.content.decode()
    client.logout()
    assert client.get("/collectives/closed-net/indicators/").status_code == 404


def test_private_initiative_reports_stay_out_of_the_public_figures(client, db):
    collective = factories.CollectiveFactory(slug="open-net")
    factories.IndicatorFactory(collective=collective, slug="wells", name="Wells repaired")
    member = factories.CollectiveMembershipFactory(collective=collective).organization
    initiative = factories.InitiativeFactory(organization=member, collective=collective,
                                             is_public=False)
    user = factories.ProfileFactory().user
    factories.MembershipFactory(organization=member, user=user)
    claim = services.claim_role(role=factories.RoleFactory(initiative=initiative),
                                volunteer=user)
    work = services.contribution_log(claim=claim, volunteer=user, date=timezone.localdate(),
                                     hours=1, indicators=[{"indicator": "wells", "value": "777"}])
    # verified, so that only the rule under test can keep it out
    services.contribution_verify(contribution=work, verifier=builders.staff(member))
    dashboard_services.refresh_initiative(initiative_id=initiative.pk)
    dashboard_services.rollup_everything()
    assert not IndicatorTotal.objects.filter(value=777).exists()
    assert "777" not in client.get("/collectives/open-net/indicators/").content.decode()
    rows = APIClient().get(API.format("open-net"),
                           **builders.bearer(builders.api_key(member)[1])).json()["results"]
    assert [r["reports"] for r in rows] == [0]
