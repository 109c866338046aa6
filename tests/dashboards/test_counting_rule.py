"""The counting rule: sent-back contributions are not counted until verified — through the
services and both roll-up paths (per scope: selectors/figures.py; set-based:
services/statements.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from dashboards import services
from dashboards.models import (
    DailyTotal,
    InitiativeProgress,
    LeadershipMeasure,
    RegionDay,
    RegionTotal,
    ScopeTotal,
    VolunteerDay,
    VolunteerTotal,
)
from dashboards.models import Kind as K
from dashboards.selectors import figures, measures
from initiatives.models import Initiative
from people.models import Organization
from roles import services as role_services
from roles.services import feedback
from tests import builders, factories
from tests.dashboards.snapshots import TABLES, snapshot

ALL = "all"


@pytest.fixture
def world(db):
    """One public initiative in a collective; one contribution in each state of the exchange:
    submitted (3 h, 1), verified (2 h, 10), sent back (4 h, 100), resubmitted (5 → 6 h, 1000)."""
    region = builders.regions()
    collective, (org, _other) = builders.collective_with(orgs=2)
    ini = factories.InitiativeFactory(organization=org, collective=collective, goal_target=5000)
    role = factories.RoleFactory(initiative=ini, seats=2, region=region["east"])
    author, peer = builders.person(20), builders.person(20)
    claim = role_services.claim_role(role=role, volunteer=author)
    role_services.claim_role(role=role, volunteer=peer)

    def log(hours, count):
        return role_services.contribution_log(
            claim=claim, volunteer=author, date=timezone.localdate(), hours=Decimal(hours),
            micro_improvements=count)

    _submitted, verified, sent_back, resubmitted = (log("3", 1), log("2", 10), log("4", 100),
                                                    log("5", 1000))
    role_services.contribution_verify(contribution=verified, verifier=peer)
    for c in (sent_back, resubmitted):
        feedback.contribution_send_back(contribution=c, verifier=peer, comment="Which school?")
    feedback.contribution_resubmit(contribution=resubmitted, volunteer=author, hours=6,
                                   micro_improvements=1000, note="Lincoln Primary.")
    return {"ini": ini, "collective": collective, "author": author, "peer": peer,
            "resubmitted": resubmitted, "sent_back": sent_back}


def _scope(kind, pk, audience):
    return ScopeTotal.objects.get(kind=kind, scope_id=pk, audience=audience)


def _assert_counted(w, contributions, hours, micro):
    ini = w["ini"]
    progress = InitiativeProgress.objects.get(initiative=ini)
    assert (progress.contributions, progress.hours, progress.micro_improvements) == (
        contributions, hours, micro)
    for kind, pk, audience in ((K.INITIATIVE, ini.pk, ALL),
                               (K.ORGANIZATION, ini.organization_id, ALL),
                               (K.ORGANIZATION, ini.organization_id, "public"),
                               (K.COLLECTIVE, w["collective"].pk, "public")):
        t = _scope(kind, pk, audience)
        assert (t.contributions, t.hours, t.micro_improvements) == (contributions, hours, micro)
    day = DailyTotal.objects.get(kind=K.INITIATIVE, scope_id=ini.pk)
    assert (day.contributions, day.micro_improvements, day.cumulative_micro_improvements) == (
        contributions, micro, micro)
    east = RegionTotal.objects.get(collective=w["collective"], region__slug="east")
    assert (east.contributions, east.hours, east.micro_improvements) == (
        contributions, hours, micro)
    assert RegionDay.objects.get(collective=w["collective"], region__slug="east"
                                 ).micro_improvements == micro
    assert VolunteerDay.objects.get(user=w["author"]).micro_improvements == micro
    mine = VolunteerTotal.objects.get(user=w["author"])
    assert (mine.contributions, mine.hours, mine.micro_improvements) == (
        contributions, hours, micro)


def _rollup_per_scope(w):
    services.refresh_initiative(initiative_id=w["ini"].pk)


def _rollup_bulk(w):
    if connection.vendor != "postgresql":
        pytest.skip("the set-based path runs on PostgreSQL")
    services.rollup_everything()


@pytest.mark.parametrize("rollup", [_rollup_per_scope, _rollup_bulk], ids=["figures", "bulk"])
def test_sent_back_and_resubmitted_work_is_not_counted(world, rollup):
    rollup(world)
    _assert_counted(world, 2, Decimal("5"), 11)  # submitted + verified only


@pytest.mark.parametrize("rollup", [_rollup_per_scope, _rollup_bulk], ids=["figures", "bulk"])
def test_resubmitted_work_is_counted_once_when_verified(world, rollup):
    role_services.contribution_verify(contribution=world["resubmitted"], verifier=world["peer"])
    rollup(world)
    rollup(world)  # a second run changes nothing: the same row, never counted twice
    _assert_counted(world, 3, Decimal("11"), 1011)  # with the corrected 6 h


@pytest.mark.parametrize("rollup", [_rollup_per_scope, _rollup_bulk], ids=["figures", "bulk"])
def test_pending_verifications_include_resubmitted_work(world, rollup):
    rollup(world)
    measure = LeadershipMeasure.objects.get(kind=K.INITIATIVE, scope_id=world["ini"].pk)
    assert measure.pending_verifications == 2  # submitted + resubmitted; sent back waits


def test_figures_count_with_the_rule(world):
    scope = (K.INITIATIVE, world["ini"].pk, ALL)
    assert figures.work_totals(scope) == {"contributions": 2, "hours": Decimal("5"),
                                          "micro_improvements": 11}
    assert measures.orchestrator_load(scope)["pending_verifications"] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="set-based path: PostgreSQL")
def test_bulk_equals_per_scope_with_every_state_of_the_exchange(world):
    # a second initiative where the resubmitted work was verified, in another region
    ini2 = factories.InitiativeFactory(organization=world["ini"].organization,
                                       collective=world["collective"])
    builders.work(factories.RoleFactory(initiative=ini2), world["peer"], [(1, 5, None)])
    role_services.contribution_verify(contribution=world["resubmitted"], verifier=world["peer"])
    # the per-initiative path only writes scopes that have initiatives: give every org one
    for org in Organization.objects.exclude(pk__in=Initiative.objects.values("organization")):
        factories.InitiativeFactory(organization=org)
    for model in TABLES:
        model.objects.all().delete()
    for pk in Initiative.objects.order_by("pk").values_list("pk", flat=True):
        services.refresh_initiative(initiative_id=pk)
    expected = snapshot()
    for model in TABLES:
        model.objects.all().delete()
    services.rollup_everything()
    assert snapshot() == expected
    assert _scope(K.COLLECTIVE, world["collective"].pk, "public").micro_improvements == 1016
