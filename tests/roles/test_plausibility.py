"""Plausibility bounds: each outcome of a suspicious report — refused (over a limit), held
(far above the usual), awaiting a peer (ordinary) — and what an orchestrator does with a hold."""

from decimal import Decimal

import pytest
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from people.models import AuditEvent
from roles import limits, services
from roles.models import Contribution, Verification
from roles.selectors.verification import contributions_to_verify
from tests import builders, factories


@pytest.fixture
def world(db):
    collective = factories.CollectiveFactory()
    org = factories.CollectiveMembershipFactory(collective=collective).organization
    ini = factories.InitiativeFactory(organization=org, collective=collective)
    role = factories.RoleFactory(initiative=ini, seats=30, hours_per_week=1)
    trees = factories.IndicatorFactory(collective=collective, slug="trees", name="Trees planted",
                                       unit="trees", max_per_report=Decimal(1000))
    boss = builders.staff(org)
    return {"ini": ini, "role": role, "trees": trees, "boss": boss, "org": org}


def _volunteer_claim(role):
    person = factories.ProfileFactory(weekly_capacity_hours=10).user
    return person, services.claim_role(role=role, volunteer=person)


def _log(claim, person, micro=0, trees=None):
    return services.contribution_log(
        claim=claim, volunteer=person, date=timezone.localdate(), hours=1,
        micro_improvements=micro,
        indicators=[{"indicator": "trees", "value": trees}] if trees is not None else [])


def _usual_history(world, n=limits.OUTLIER_MIN_REPORTS, micro=5, trees=10):
    """n verified reports of `micro` micro-improvements and `trees` trees."""
    person, claim = _volunteer_claim(world["role"])
    for _ in range(n):
        services.contribution_verify(contribution=_log(claim, person, micro, trees),
                                     verifier=world["boss"])


def test_refused_over_the_micro_improvements_limit_with_a_sentence_naming_it(world):
    person, claim = _volunteer_claim(world["role"])
    with pytest.raises(Invalid, match=f"at most {limits.MAX_MICRO_IMPROVEMENTS} "
                                      "micro-improvements"):
        _log(claim, person, micro=limits.MAX_MICRO_IMPROVEMENTS + 1)
    assert limits.MAX_MICRO_IMPROVEMENTS <= 500
    assert not Contribution.objects.filter(claim=claim).exists()


def test_refused_over_the_indicators_bound_per_report(world):
    person, claim = _volunteer_claim(world["role"])
    with pytest.raises(Invalid, match="“Trees planted” takes at most 1,000 trees in one report"):
        _log(claim, person, trees=1001)
    assert not Contribution.objects.filter(claim=claim).exists()  # nothing half-written
    assert _log(claim, person, trees=1000).status == Contribution.Status.SUBMITTED


def test_held_when_far_above_the_usual_and_the_volunteer_is_told_why(world):
    _usual_history(world)
    person, claim = _volunteer_claim(world["role"])
    held = _log(claim, person, micro=51)  # > 10 × 5
    assert held.status == Contribution.Status.HELD
    assert "51 micro-improvements is more than 10× the usual report here (5)" in held.held_reason
    trees = _log(claim, person, trees=101)  # > 10 × 10
    assert trees.status == Contribution.Status.HELD
    assert "“Trees planted”" in trees.held_reason
    # a held report is in no peer's queue
    peer = builders.qualified_peer(world["ini"])
    assert not contributions_to_verify(peer).filter(pk__in=[held.pk, trees.pk]).exists()


def test_ordinary_reports_wait_for_a_peer(world):
    _usual_history(world)
    person, claim = _volunteer_claim(world["role"])
    ordinary = _log(claim, person, micro=50, trees=100)  # exactly 10×: not above
    assert ordinary.status == Contribution.Status.SUBMITTED and not ordinary.held_reason


def test_no_hold_before_there_are_enough_verified_reports(world):
    _usual_history(world, n=limits.OUTLIER_MIN_REPORTS - 1)
    person, claim = _volunteer_claim(world["role"])
    assert _log(claim, person, micro=400).status == Contribution.Status.SUBMITTED


def test_the_usual_is_measured_on_verified_reports_only(world):
    person, claim = _volunteer_claim(world["role"])
    for _ in range(40):  # large reports awaiting a peer (no history yet: none is held)…
        _log(claim, person, micro=400)
    _usual_history(world)
    # …do not raise the bar: the usual is the verified reports' 5
    assert _log(claim, person, micro=60).status == Contribution.Status.HELD


def test_an_orchestrator_confirms_a_hold_and_it_counts(world):
    _usual_history(world)
    person, claim = _volunteer_claim(world["role"])
    held = _log(claim, person, micro=400)
    peer = builders.qualified_peer(world["ini"])
    with pytest.raises(InvalidState, match="held for review"):
        services.contribution_verify(contribution=held, verifier=peer)
    with pytest.raises(NotAllowed):
        services.contribution_hold_confirm(contribution=held, actor=peer)
    services.contribution_hold_confirm(contribution=held, actor=world["boss"])
    held.refresh_from_db()
    assert held.status == Contribution.Status.VERIFIED
    assert held.verifications.get().verifier == world["boss"]
    assert AuditEvent.objects.filter(event_type="hold_confirmed",
                                      organization=world["org"]).count() == 1


def test_a_resubmitted_correction_far_above_the_usual_is_held_again(world):
    _usual_history(world)
    person, claim = _volunteer_claim(world["role"])
    work = _log(claim, person, micro=3)
    services.contribution_send_back(contribution=work, verifier=world["boss"], comment="Which?")
    services.contribution_resubmit(contribution=work, volunteer=person, hours=1,
                                   micro_improvements=300, note="More, really.")
    work.refresh_from_db()
    assert work.status == Contribution.Status.HELD


def test_an_orchestrator_retracts_verified_work_with_a_reason(world):
    person, claim = _volunteer_claim(world["role"])
    work = _log(claim, person, micro=3)
    services.contribution_verify(contribution=work, verifier=world["boss"])
    peer = builders.qualified_peer(world["ini"])
    with pytest.raises(NotAllowed):
        services.contribution_retract(contribution=work, actor=peer, reason="Duplicate.")
    with pytest.raises(Invalid, match="reason"):
        services.contribution_retract(contribution=work, actor=world["boss"], reason=" ")
    services.contribution_retract(contribution=work, actor=world["boss"],
                                  reason="Logged twice: see 3 May.")
    work.refresh_from_db()
    assert work.status == Contribution.Status.SENT_BACK  # counts nowhere; can be corrected
    retraction = work.verifications.get(outcome=Verification.Outcome.RETRACTED)
    assert retraction.comment == "Logged twice: see 3 May."
    assert AuditEvent.objects.filter(event_type="work_retracted").count() == 1
