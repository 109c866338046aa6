"""Indicator totals follow each definition (sum vs distinct vs latest) in both roll-up paths."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from dashboards import services
from dashboards.models import IndicatorTotal
from dashboards.services import full, indicators
from initiatives.models import Indicator, Initiative
from roles import services as role_services
from roles.models import Contribution
from tests import builders, factories

SUM, DISTINCT, LATEST = (Indicator.Aggregation.SUM, Indicator.Aggregation.DISTINCT,
                         Indicator.Aggregation.LATEST)


def _log(claim, person, days_ago, region, reports, status=Contribution.Status.VERIFIED):
    c = role_services.contribution_log(
        claim=claim, volunteer=person, date=timezone.localdate(), hours=Decimal(1),
        region=region, indicators=reports)
    changes = {"date": timezone.localdate() - dt.timedelta(days=days_ago)}
    if status:
        changes["status"] = status
    Contribution.objects.filter(pk=c.pk).update(**changes)
    return c


@pytest.fixture
def world(db):
    r = builders.regions()
    collective, (org, _other) = builders.collective_with(orgs=2)
    ind = {"trees": factories.IndicatorFactory(collective=collective, slug="trees",
                                               aggregation=SUM),
           "schools": factories.IndicatorFactory(collective=collective, slug="schools",
                                                 aggregation=DISTINCT),
           "stock": factories.IndicatorFactory(collective=collective, slug="stock",
                                               aggregation=LATEST)}
    public, private, draft = (factories.InitiativeFactory(organization=org, collective=collective)
                              for _ in range(3))
    person = builders.person(20)
    c, c_private, c_draft = (
        role_services.claim_role(role=factories.RoleFactory(initiative=ini), volunteer=person)
        for ini in (public, private, draft))
    east, west = r["east"], r["west"]
    _log(c, person, 3, east, [{"indicator": "trees", "value": 10},
                              {"indicator": "schools", "key": "Alpha School\nbeta school"},
                              {"indicator": "stock", "value": 50}])
    _log(c, person, 1, east, [{"indicator": "trees", "value": 5},
                              {"indicator": "schools", "key": "  alpha SCHOOL "},
                              {"indicator": "stock", "value": 20}])
    _log(c, person, 2, west, [{"indicator": "trees", "value": 7},
                              {"indicator": "schools", "key": "Gamma\nAlpha school"},
                              {"indicator": "stock", "value": 30}])
    # Same day in the West, logged later: the later id is the latest report.
    _log(c, person, 2, west, [{"indicator": "stock", "value": 35}])
    _log(c, person, 0, None, [{"indicator": "trees", "value": 1},
                              {"indicator": "stock", "value": 4}])
    # Not counted: awaiting a peer, sent back, a private initiative, a draft initiative.
    # Awaiting a peer is stored beside the figures (EXPECTED_AWAITING), never added in.
    _log(c, person, 0, west, [{"indicator": "trees", "value": 300},
                              {"indicator": "stock", "value": 800}],
         status=Contribution.Status.SUBMITTED)
    _log(c, person, 1, west, [{"indicator": "stock", "value": 700},
                              {"indicator": "schools", "key": "Epsilon\nalpha school"}],
         status=Contribution.Status.RESUBMITTED)
    # awaiting work in a region without counted reports: the region gets a row of zeros
    _log(c, person, 0, r["state"], [{"indicator": "trees", "value": 40}],
         status=Contribution.Status.SUBMITTED)
    _log(c, person, 0, east, [{"indicator": "trees", "value": 100},
                              {"indicator": "stock", "value": 900},
                              {"indicator": "schools", "key": "Delta"}],
         status=Contribution.Status.SENT_BACK)
    _log(c_private, person, 0, east, [{"indicator": "trees", "value": 1000},
                                      {"indicator": "stock", "value": 1000}])
    _log(c_draft, person, 0, west, [{"indicator": "trees", "value": 500}])
    Initiative.objects.filter(pk=private.pk).update(is_public=False)
    Initiative.objects.filter(pk=draft.pk).update(status=Initiative.Status.DRAFT)
    return {"collective": collective, "ind": ind, "east": east, "west": west}


EXPECTED = {
    # indicator: (overall, east, west)
    "trees": (23, 15, 7),        # sum: 10 + 5 + 7 + 1 (no region)
    "schools": (3, 2, 2),        # distinct: alpha, beta, gamma (not 2 + 2)
    "stock": (59, 20, 35),       # latest: 20 + 35 + 4 (no region); max would be 50, sum 139
}


EXPECTED_AWAITING = {
    # (indicator, region): (awaiting value, awaiting reports), aggregated as defined
    ("trees", None): (340, 2), ("trees", "west"): (300, 1), ("trees", "north"): (40, 1),
    ("stock", None): (800, 2), ("stock", "west"): (800, 2),  # the latest awaiting one
    ("schools", None): (2, 2), ("schools", "west"): (2, 2),  # epsilon, alpha
}


def _table():
    return {(t.indicator.slug, t.region.slug if t.region else None):
            (t.value, t.reports, t.awaiting_value, t.awaiting_reports)
            for t in IndicatorTotal.objects.select_related("indicator", "region")}


def _check(world):
    table = _table()
    for slug, (overall, east, west) in EXPECTED.items():
        assert table[(slug, None)][0] == Decimal(overall), slug
        assert table[(slug, "east")][0] == Decimal(east), slug
        assert table[(slug, "west")][0] == Decimal(west), slug
    assert table[("trees", None)][1] == 4  # reports counted
    assert table[("schools", None)][1] == 5  # one report per thing named
    assert {k for k in table if k[1] not in (None, "east", "west")} == {("trees", "north")}
    assert table[("trees", "north")][:2] == (0, 0)  # awaiting only: nothing counted there
    awaiting = {k: (v[2], v[3]) for k, v in table.items() if v[3]}
    assert awaiting == {k: (Decimal(v), n) for k, (v, n) in EXPECTED_AWAITING.items()}
    return table


def test_incremental_rollup_aggregates_as_defined(world):
    services.rollup_collective_regions(collective_id=world["collective"].pk)
    _check(world)


def test_incremental_rollup_is_idempotent(world):
    services.rollup_collective_regions(collective_id=world["collective"].pk)
    first = _table()
    services.rollup_collective_regions(collective_id=world["collective"].pk)
    assert _table() == first


def test_refresh_initiative_rolls_up_indicators(world):
    services.refresh_initiative(initiative_id=world["collective"].initiatives.first().pk)
    _check(world)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the set-based path runs on PostgreSQL")
def test_bulk_rollup_matches_the_definitions_and_the_incremental_path(world):
    services.rollup_collective_regions(collective_id=world["collective"].pk)
    incremental = _table()
    IndicatorTotal.objects.all().delete()
    written = full.rollup_all_tables()["indicator totals"]
    assert written == len(incremental)
    assert _check(world) == incremental
    full.rollup_all_tables()  # idempotent
    assert _table() == incremental


def test_indicator_without_reports_reads_zero(db):
    indicator = factories.IndicatorFactory(aggregation=LATEST)
    indicators.rollup_collective_indicators(collective_id=indicator.collective_id)
    total = IndicatorTotal.objects.get(indicator=indicator)
    assert (total.region_id, total.value, total.reports) == (None, 0, 0)


def _indicator_rows():
    return sorted(IndicatorTotal.objects.values_list("indicator_id", "region_id", "value",
                                                      "reports"), key=str)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compared with the full path")
def test_the_per_write_roll_up_moves_indicator_totals_like_a_full_recompute(world):
    services.rollup_everything()
    claim = Contribution.objects.filter(  # the public initiative's claim (open data counts)
        claim__role__initiative__is_public=True,
        claim__role__initiative__status=Initiative.Status.ACTIVE).first().claim
    boss = builders.staff(claim.role.organization)
    done = role_services.contribution_log(
        claim=claim, volunteer=claim.volunteer, date=timezone.localdate(), hours=Decimal(1),
        indicators=[{"indicator": "trees", "value": 4}, {"indicator": "stock", "value": 9}])
    role_services.contribution_verify(contribution=done, verifier=boss)
    before = _indicator_rows()
    services.apply_initiative(initiative_id=claim.role.initiative_id)
    by_deltas = _indicator_rows()
    assert by_deltas != before  # the new reports moved the totals
    services.rollup_everything()
    assert _indicator_rows() == by_deltas
