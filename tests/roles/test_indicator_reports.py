"""Contributions report against the collective's indicators: which fields the log form offers
(region applicability), what the service accepts, and that a refusal writes nothing."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crowddo.errors import Invalid
from initiatives.models import Indicator, Region
from roles import services
from roles.models import Contribution, IndicatorValue
from tests import factories


@pytest.fixture
def place(db):
    country = factories.RegionFactory(name="Testland", slug="testland")
    state, south = (factories.RegionFactory(name=n, slug=n.lower(), level=Region.Level.STATE,
                                            parent=country) for n in ("North", "South"))
    east, west = (factories.RegionFactory(name=n, slug=n.lower(), level=Region.Level.DISTRICT,
                                          parent=state) for n in ("East", "West"))
    return {"country": country, "state": state, "east": east, "west": west, "south": south}


@pytest.fixture
def setup(place):
    collective = factories.CollectiveFactory()
    initiative = factories.InitiativeFactory(collective=collective)
    ind = {
        "everywhere": factories.IndicatorFactory(collective=collective, slug="everywhere",
                                                 name="People reached", unit="people"),
        "north": factories.IndicatorFactory(collective=collective, slug="north-only",
                                            name="Wells repaired",
                                            regions=[place["state"]]),
        "south": factories.IndicatorFactory(collective=collective, slug="south-only",
                                            name="Bridges", regions=[place["south"]]),
        "schools": factories.IndicatorFactory(collective=collective, slug="schools",
                                              name="Schools", aggregation="distinct"),
        "retired": factories.IndicatorFactory(collective=collective, slug="retired",
                                              name="Old measure", is_active=False),
    }
    user = factories.ProfileFactory(weekly_capacity_hours=40).user
    role = factories.RoleFactory(initiative=initiative, region=place["east"])
    claim = services.claim_role(role=role, volunteer=user)
    return {"ind": ind, "user": user, "claim": claim, **place}


def _log(setup, reports, region=None):
    return services.contribution_log(
        claim=setup["claim"], volunteer=setup["user"], date=timezone.localdate(),
        hours=Decimal(1), region=region, indicators=reports)


def test_indicator_applies_everywhere_and_in_regions_under_a_listed_one(setup):
    contribution = _log(setup, [{"indicator": "everywhere", "value": "12.5"},
                                {"indicator": "north-only", "value": 3},
                                {"indicator": "schools",
                                 "key": "Hill School\nhill school \nRiver"}])
    rows = {(v.indicator.slug, v.key): v.value
            for v in IndicatorValue.objects.filter(contribution=contribution)}
    assert rows == {("everywhere", ""): Decimal("12.5"), ("north-only", ""): 3,
                    ("schools", "Hill School"): 1, ("schools", "River"): 1}
    assert all(v.organization_id == contribution.organization_id
               for v in IndicatorValue.objects.all())


@pytest.mark.parametrize(("report", "message"), [
    ({"indicator": "south-only", "value": 1}, "does not apply in East"),
    ({"indicator": "retired", "value": 1}, "is retired"),
    ({"indicator": "nonsense", "value": 1}, "is not an indicator of this initiative"),
    ({"indicator": "everywhere", "value": -1}, "cannot be negative"),
    ({"indicator": "everywhere", "value": "1.234"}, "at most two decimals"),
    ({"indicator": "everywhere", "value": "lots"}, "needs a number"),
    ({"indicator": "everywhere"}, "needs a number"),
    ({"indicator": "schools", "key": "  \n "}, "name at least one"),
])
def test_bad_reports_are_refused_and_nothing_is_written(setup, report, message):
    with pytest.raises(Invalid, match=message):
        _log(setup, [report])
    assert not Contribution.objects.exists() and not IndicatorValue.objects.exists()


def test_an_indicator_is_reported_once_per_contribution(setup):
    with pytest.raises(Invalid, match="Report each indicator once"):
        _log(setup, [{"indicator": "everywhere", "value": 1},
                     {"indicator": "everywhere", "value": 2}])


def test_the_chosen_region_decides_not_the_role_s(setup):
    _log(setup, [{"indicator": "south-only", "value": 1}], region=setup["south"])
    remote = factories.RoleFactory(initiative=setup["claim"].role.initiative, region=None)
    claim = services.claim_role(role=remote, volunteer=setup["user"])
    with pytest.raises(Invalid, match="does not apply in a contribution without a region"):
        services.contribution_log(claim=claim, volunteer=setup["user"],
                                  date=timezone.localdate(), hours=1,
                                  indicators=[{"indicator": "north-only", "value": 1}])


def test_another_collective_s_indicator_is_unknown_here(setup):
    factories.IndicatorFactory(slug="elsewhere")  # another collective
    with pytest.raises(Invalid, match="is not an indicator of this initiative"):
        _log(setup, [{"indicator": "elsewhere", "value": 1}])


# --- the log form on /me/ -------------------------------------------------------------------

def test_log_form_offers_the_indicators_that_apply_in_the_role_s_region(client, setup):
    client.force_login(setup["user"])
    page = client.get("/me/").content.decode()
    assert "People reached (people)" in page and "Wells repaired" in page
    assert "Schools: which ones (one per line)" in page
    assert "Bridges" not in page  # South only; the role is in the East
    assert "Old measure" not in page  # retired


def test_log_form_writes_reports_with_the_contribution(client, setup):
    client.force_login(setup["user"])
    response = client.post(f"/me/claims/{setup['claim'].pk}/log/", {
        "date": timezone.localdate().isoformat(), "hours": "1", "micro_improvements": "0",
        "indicator_everywhere": "7", "indicator_schools": "Hill School\r\nRiver\r\n"})
    assert response.status_code == 302
    assert sorted(IndicatorValue.objects.values_list("indicator__slug", "key", "value")) == [
        ("everywhere", "", Decimal(7)), ("schools", "Hill School", 1), ("schools", "River", 1)]


def test_log_form_errors_are_shown_and_nothing_is_written(client, setup):
    client.force_login(setup["user"])
    base = {"date": timezone.localdate().isoformat(), "hours": "1", "micro_improvements": "0"}
    page = client.post(f"/me/claims/{setup['claim'].pk}/log/",
                       {**base, "indicator_everywhere": "-3"}).content.decode()
    assert "greater than or equal to 0" in page
    # A region where an offered indicator does not apply: the service's sentence.
    page = client.post(f"/me/claims/{setup['claim'].pk}/log/", {
        **base, "region": setup["south"].pk, "indicator_north-only": "2"}).content.decode()
    assert "does not apply in South" in page
    assert not Contribution.objects.exists() and not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_me_query_count_does_not_grow_with_indicator_fields(client, setup):
    collective = setup["ind"]["everywhere"].collective
    client.force_login(setup["user"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/me/").status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(4):
        ini = factories.InitiativeFactory(collective=factories.CollectiveFactory())
        factories.IndicatorFactory(collective=ini.collective, regions=[setup["south"]])
        role = factories.RoleFactory(initiative=ini, region=setup["west"], hours_per_week=1)
        services.claim_role(role=role, volunteer=setup["user"])
    assert collective.indicators.count() == 5
    assert count() == one
    assert Indicator.objects.count() == 9
