"""Work awaiting a peer is stored in the roll-up rows per indicator, per day and per region
and shown beside the headline figures (indicator page and figures, the collective's regional
breakdown), never added in. Both roll-up paths write the same rows (also checked for every
table by test_full_rollup and test_indicator_rollup)."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services as dashboard_services
from dashboards.models import DailyTotal, IndicatorTotal, Kind, RegionTotal
from roles import services
from tests import builders, factories
from tests.dashboards.snapshots import snapshot

pytestmark = pytest.mark.usefixtures("lenient_throttles")


@pytest.fixture
def world(db):
    r = builders.regions()
    collective = factories.CollectiveFactory(is_public=True, slug="water-net")
    member = factories.CollectiveMembershipFactory(collective=collective).organization
    factories.IndicatorFactory(collective=collective, slug="wells", name="Wells repaired",
                               unit="wells", aggregation="sum")
    initiative = factories.InitiativeFactory(collective=collective, organization=member)
    user = builders.person(20)
    claim = services.claim_role(role=factories.RoleFactory(initiative=initiative),
                                volunteer=user)

    def log(n, wells, region):
        return services.contribution_log(
            claim=claim, volunteer=user, date=timezone.localdate(), hours=1,
            micro_improvements=n, region=region,
            indicators=[{"indicator": "wells", "value": str(wells)}])

    verified = log(3, 4, r["east"])
    services.contribution_verify(contribution=verified, verifier=builders.staff(member))
    log(7, 11, r["east"])  # awaiting a peer
    log(5, 2, r["west"])  # awaiting a peer, in a region without verified work
    return {"collective": collective, "initiative": initiative, "r": r}


def _rows():
    ind = {(t.region.slug if t.region else None): (t.value, t.reports, t.awaiting_value,
                                                    t.awaiting_reports)
           for t in IndicatorTotal.objects.select_related("region")}
    reg = {t.region.slug: (t.micro_improvements, t.awaiting_micro_improvements,
                           t.awaiting_contributions)
           for t in RegionTotal.objects.select_related("region")}
    day = [(d.micro_improvements, d.awaiting_micro_improvements, d.awaiting_contributions)
           for d in DailyTotal.objects.filter(kind=Kind.COLLECTIVE)]
    return ind, reg, day


EXPECTED = (
    {None: (Decimal(4), 1, Decimal(13), 2), "east": (Decimal(4), 1, Decimal(11), 1),
     "west": (Decimal(0), 0, Decimal(2), 1)},
    {"testland": (3, 12, 2), "north": (3, 12, 2), "east": (3, 7, 1), "west": (0, 5, 1)},
    [(3, 12, 2)],
)


@pytest.mark.parametrize("path", ["incremental", "full"])
def test_awaiting_is_stored_per_indicator_day_and_region_never_added_in(world, path):
    if path == "incremental":
        dashboard_services.refresh_initiative(initiative_id=world["initiative"].pk)
    else:
        dashboard_services.rollup_everything()
    assert _rows() == EXPECTED


def test_both_paths_write_identical_awaiting_rows(world):
    """Row for row, every column (the other scopes' empty rows are test_full_rollup's)."""
    tables = ("IndicatorTotal", "RegionTotal", "DailyTotal", "RegionDay", "VolunteerDay")
    dashboard_services.refresh_initiative(initiative_id=world["initiative"].pk)
    incremental = {k: v for k, v in snapshot().items() if k in tables}
    dashboard_services.rollup_everything()
    assert {k: v for k, v in snapshot().items() if k in tables} == incremental
    assert len(incremental) == len(tables) and all(incremental.values())


def test_the_pages_show_awaiting_beside_the_figures(client, world):
    dashboard_services.refresh_initiative(initiative_id=world["initiative"].pk)
    page = client.get("/collectives/water-net/indicators/").content.decode()
    assert "<strong>4 wells</strong>" in page  # the figure: verified only
    assert "Reported, awaiting a peer: 13 wells (in 2 reports)" in page
    assert "East District: 4 wells" in page and "reported, awaiting a peer: 11" in page
    board = client.get("/collectives/water-net/").content.decode()
    assert "reported, awaiting a peer: 13" in board  # the indicator figures table
    drill = client.get(f"/collectives/water-net/?region={world['r']['state'].pk}")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td class="awaiting">'
                      r"(\d+)", drill.content.decode())
    assert sorted(rows) == [("East District", "3", "7"), ("West District", "0", "5")]


def test_the_api_gives_awaiting_beside_the_figures(api, world):
    dashboard_services.refresh_initiative(initiative_id=world["initiative"].pk)
    [wells] = api.get("/api/v1/collectives/water-net/indicators/").json()["results"]
    assert (wells["value"], wells["awaiting_value"], wells["awaiting_reports"]) == (4, 13, 2)
    by_region = {r["region_name"]: (r["value"], r["awaiting_value"]) for r in wells["by_region"]}
    assert by_region == {"East District": (4, 11), "West District": (0, 2)}
