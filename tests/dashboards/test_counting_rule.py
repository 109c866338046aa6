"""The counting rule: only contributions a peer verified count, in every figure of every
audience; work awaiting a peer (submitted, resubmitted) is stored beside the figures and never
added in; sent-back work counts nowhere — through the services and both roll-up paths (per
scope: selectors/figures.py; set-based: services/statements.py)."""

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
from roles import levels
from roles import services as role_services
from roles.services import feedback
from tests import builders, factories
from tests.dashboards.snapshots import TABLES, snapshot

ALL = "all"


@pytest.fixture
def world(db):
    """One public initiative in a collective; one contribution in each state of the exchange:
    submitted (3 h, 1), verified (2 h, 10), sent back (4 h, 100), resubmitted (5 → 6 h, 400)."""
    region = builders.regions()
    collective, (org, _other) = builders.collective_with(orgs=2)
    ini = factories.InitiativeFactory(organization=org, collective=collective, goal_target=5000)
    role = factories.RoleFactory(initiative=ini, seats=2, region=region["east"])
    author, peer = builders.person(20), builders.person(20)
    # the peer verifies as an orchestrator (standing without verified work of their own,
    # which would add to the figures under test)
    factories.MembershipFactory(organization=org, user=peer, level="orchestrator")
    claim = role_services.claim_role(role=role, volunteer=author)
    role_services.claim_role(role=role, volunteer=peer)

    def log(hours, count):
        return role_services.contribution_log(
            claim=claim, volunteer=author, date=timezone.localdate(), hours=Decimal(hours),
            micro_improvements=count)

    _submitted, verified, sent_back, resubmitted = (log("3", 1), log("2", 10), log("4", 100),
                                                    log("5", 400))
    role_services.contribution_verify(contribution=verified, verifier=peer)
    for c in (sent_back, resubmitted):
        feedback.contribution_send_back(contribution=c, verifier=peer, comment="Which school?")
    feedback.contribution_resubmit(contribution=resubmitted, volunteer=author, hours=6,
                                   micro_improvements=400, note="Lincoln Primary.")
    return {"ini": ini, "collective": collective, "author": author, "peer": peer,
            "resubmitted": resubmitted, "sent_back": sent_back}


def _scope(kind, pk, audience):
    return ScopeTotal.objects.get(kind=kind, scope_id=pk, audience=audience)


def _assert_counted(w, contributions, hours, micro, awaiting=None):
    ini = w["ini"]
    progress = InitiativeProgress.objects.get(initiative=ini)
    assert (progress.contributions, progress.hours, progress.micro_improvements) == (
        contributions, hours, micro)
    if awaiting is not None:
        assert (progress.awaiting_contributions,
                progress.awaiting_micro_improvements) == awaiting
    for kind, pk, audience in ((K.INITIATIVE, ini.pk, ALL),
                               (K.ORGANIZATION, ini.organization_id, ALL),
                               (K.ORGANIZATION, ini.organization_id, "public"),
                               (K.COLLECTIVE, w["collective"].pk, "public")):
        t = _scope(kind, pk, audience)
        assert (t.contributions, t.hours, t.micro_improvements) == (contributions, hours, micro)
        if awaiting is not None:
            assert (t.awaiting_contributions, t.awaiting_micro_improvements) == awaiting
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
def test_only_verified_work_is_counted_and_awaiting_work_is_shown_apart(world, rollup):
    rollup(world)
    # verified only; submitted (1) + resubmitted (400) wait beside it; sent back: nowhere
    _assert_counted(world, 1, Decimal("2"), 10, awaiting=(2, 401))


@pytest.mark.parametrize("rollup", [_rollup_per_scope, _rollup_bulk], ids=["figures", "bulk"])
def test_resubmitted_work_is_counted_once_when_verified(world, rollup):
    role_services.contribution_verify(contribution=world["resubmitted"], verifier=world["peer"])
    rollup(world)
    rollup(world)  # a second run changes nothing: the same row, never counted twice
    _assert_counted(world, 2, Decimal("8"), 410, awaiting=(1, 1))  # with the corrected 6 h


@pytest.mark.parametrize("rollup", [_rollup_per_scope, _rollup_bulk], ids=["figures", "bulk"])
def test_a_verified_claim_does_not_verify_its_contributions(world, rollup):
    """Completing and verifying the claim feeds the role-based figures only: its submitted
    and resubmitted contributions still wait for a peer. The level (roles.levels) is the
    Micro-leader's: one role verified by a peer (its awaiting work adds nothing)."""
    claim = world["resubmitted"].claim
    role_services.claim_complete(claim=claim, volunteer=world["author"])
    role_services.claim_verify(claim=claim, verifier=world["peer"])
    rollup(world)
    _assert_counted(world, 1, Decimal("2"), 10, awaiting=(2, 401))
    progress = InitiativeProgress.objects.get(initiative=world["ini"])
    assert progress.verified_claims == 1
    mine = VolunteerTotal.objects.get(user=world["author"])
    assert (mine.verified_hours, mine.verified_claims, mine.level) == (Decimal("2"), 1, 2)
    assert levels.level_at(mine.level).key == "micro_leader"


@pytest.mark.parametrize("rollup", [_rollup_per_scope, _rollup_bulk], ids=["figures", "bulk"])
def test_pending_verifications_include_resubmitted_work(world, rollup):
    rollup(world)
    measure = LeadershipMeasure.objects.get(kind=K.INITIATIVE, scope_id=world["ini"].pk)
    assert measure.pending_verifications == 2  # submitted + resubmitted; sent back waits


def test_figures_count_with_the_rule(world):
    scope = (K.INITIATIVE, world["ini"].pk, ALL)
    assert figures.work_totals(scope) == {"contributions": 1, "hours": Decimal("2"),
                                          "micro_improvements": 10,
                                          "awaiting_contributions": 2,
                                          "awaiting_micro_improvements": 401}
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
    # verified: 10 + the resubmitted 400; ini2's 5 were logged and wait for a peer
    assert _scope(K.COLLECTIVE, world["collective"].pk, "public").micro_improvements == 410
