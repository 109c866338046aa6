"""Closing an initiative with an outcome: the rules, the refusals, and who is told (once)."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from dashboards import services as dashboard_services
from dashboards.models import Milestone
from initiatives import services as initiative_services
from initiatives.models import Initiative
from initiatives.services import initiative_close
from people import access, privacy
from roles import services as role_services
from roles.models import Claim, Role, WaitlistEntry
from roles.signals import claim_changed
from tests import factories
from tests.builders import person, staff

OUTCOME = "Forty schools mapped; the city adopted the map."


@pytest.fixture
def work(org):
    """An initiative with a finished seat, an active seat, a released seat with a logged
    contribution, an expired seat without work, and someone waiting for a seat."""
    initiative = factories.InitiativeFactory(organization=org)
    role = factories.RoleFactory(initiative=initiative, seats=2, hours_per_week=1)
    done, active, released, idle, waiting = (person(20) for _ in range(5))
    role_services.claim_complete(claim=role_services.claim_role(role=role, volunteer=done),
                                 volunteer=done)
    active_claim = role_services.claim_role(role=role, volunteer=active)
    other = factories.RoleFactory(initiative=initiative, seats=1, hours_per_week=1)
    gone = role_services.claim_role(role=other, volunteer=released)
    role_services.contribution_log(claim=gone, volunteer=released, date=timezone.localdate(),
                                   hours=1)
    role_services.claim_release(claim=gone, volunteer=released)
    role_services.claim_expire(claim=role_services.claim_role(role=other, volunteer=idle))
    role_services.claim_role(role=other, volunteer=factories.ProfileFactory().user)
    role_services.waitlist_join(role=other, volunteer=waiting)
    return {"initiative": initiative, "role": role, "done": done, "active": active,
            "active_claim": active_claim, "released": released, "idle": idle,
            "waiting": waiting}


def _outcome_mails():
    return [m for m in mail.outbox if "closed with an outcome" in m.subject]


def test_closing_keeps_the_work_and_closes_the_roles(work, orchestrator):
    initiative = initiative_close(initiative=work["initiative"], actor=orchestrator,
                                  outcome=f"  {OUTCOME}  ")
    assert initiative.status == Initiative.Status.CLOSED and initiative.outcome == OUTCOME
    assert initiative.closed_at is not None
    assert set(Role.objects.filter(initiative=initiative).values_list("status", flat=True)) \
        == {Role.Status.CLOSED}
    claim = Claim.objects.get(pk=work["active_claim"].pk)
    assert claim.status == Claim.Status.COMPLETED and claim.completed_at is not None
    assert not WaitlistEntry.objects.filter(
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]).exists()
    milestone = Milestone.objects.get(key=f"closed:initiative:{initiative.pk}")
    assert milestone.kind == Milestone.Kind.CLOSED
    assert milestone.describe() == f"{initiative.name} closed with an outcome"


def test_closing_tells_webhooks_of_every_claim_it_completes(work, orchestrator):
    heard = []

    def listen(sender, **kwargs):
        heard.append((kwargs["claim_id"], kwargs["status"], kwargs["created"]))

    claim_changed.connect(listen)
    try:
        initiative_close(initiative=work["initiative"], actor=orchestrator, outcome=OUTCOME)
    finally:
        claim_changed.disconnect(listen)
    completed = set(Claim.objects.filter(
        role__initiative=work["initiative"], status=Claim.Status.COMPLETED,
    ).exclude(pk__in=[claim_id for claim_id, *_ in heard]).values_list("pk", flat=True))
    assert (work["active_claim"].pk, Claim.Status.COMPLETED, False) in heard
    assert len(heard) == 2  # the two seats still held: the regular one and the other role's
    assert completed == {Claim.objects.get(role=work["role"], volunteer=work["done"]).pk}


@pytest.mark.parametrize("text, message", [
    ("", "Write a short outcome statement"),
    ("   ", "Write a short outcome statement"),
    ("x" * 1001, "1,000 characters"),
    ("nul\x00", "NUL"),
])
def test_an_outcome_statement_is_required_and_short(work, orchestrator, text, message):
    with pytest.raises(Invalid, match=message):
        initiative_close(initiative=work["initiative"], actor=orchestrator, outcome=text)
    assert Initiative.objects.get(pk=work["initiative"].pk).status == "active"
    assert not Milestone.objects.filter(kind=Milestone.Kind.CLOSED).exists()


def test_only_orchestrators_of_the_organization_close(work, other_org):
    outsider = factories.MembershipFactory(organization=other_org, level="owner").user
    member = factories.MembershipFactory(organization=work["initiative"].organization,
                                         level="member").user
    for actor in (outsider, member, work["done"]):
        with pytest.raises(NotAllowed, match=re.escape(access.MANAGER_ONLY)):
            initiative_close(initiative=work["initiative"], actor=actor, outcome=OUTCOME)
    assert Initiative.objects.get(pk=work["initiative"].pk).status == "active"
    assert Claim.objects.get(pk=work["active_claim"].pk).status == Claim.Status.ACTIVE


def test_closed_and_draft_initiatives_are_refused(work, orchestrator, org):
    initiative_close(initiative=work["initiative"], actor=orchestrator, outcome=OUTCOME)
    with pytest.raises(InvalidState, match="closed already"):
        initiative_close(initiative=work["initiative"], actor=orchestrator, outcome="Again")
    draft = factories.InitiativeFactory(organization=org, status="draft")
    with pytest.raises(InvalidState, match="Only an active initiative"):
        initiative_close(initiative=draft, actor=orchestrator, outcome=OUTCOME)


def test_closing_by_status_alone_is_refused(work, orchestrator):
    with pytest.raises(Invalid, match="Close with an outcome"):
        initiative_services.initiative_set_status(initiative=work["initiative"], status="closed",
                                             actor=orchestrator)
    initiative = Initiative.objects.get(pk=work["initiative"].pk)
    initiative.status = "closed"
    with pytest.raises(Invalid, match="Close with an outcome"):
        initiative_services.initiative_save(initiative=initiative, actor=orchestrator)


def test_everyone_who_contributed_is_told_once_after_commit(
        work, orchestrator, other_org, django_capture_on_commit_callbacks):
    bystander = factories.MembershipFactory(organization=work["initiative"].organization,
                                            level="member").user
    elsewhere = person(20)
    role_services.claim_role(role=factories.RoleFactory(organization=other_org,
                                                        initiative__organization=other_org),
                             volunteer=elsewhere)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        initiative_close(initiative=work["initiative"], actor=orchestrator, outcome=OUTCOME)
        assert not _outcome_mails()  # nothing before the commit
    assert callbacks
    sent = _outcome_mails()
    assert len(sent) == 1
    told = set(sent[0].bcc)
    assert {work["done"].email, work["active"].email, work["released"].email,
            orchestrator.email} <= told
    assert not told & {work["idle"].email, work["waiting"].email, bystander.email,
                       elsewhere.email}
    assert OUTCOME in sent[0].body and sent[0].to == []
    initiative = Initiative.objects.get(pk=work["initiative"].pk)
    assert initiative.outcome_announced_at is not None
    milestone = Milestone.objects.get(kind=Milestone.Kind.CLOSED)
    assert dashboard_services.milestone_announce(milestone_id=milestone.pk) is False
    dashboard_services.rollup_everything()
    assert len(_outcome_mails()) == 1


def test_deleted_accounts_are_not_mailed(work, orchestrator, django_capture_on_commit_callbacks):
    privacy.privacy_delete(user=work["done"])
    with django_capture_on_commit_callbacks(execute=True):
        initiative_close(initiative=work["initiative"], actor=orchestrator, outcome=OUTCOME)
    told = set(_outcome_mails()[0].bcc)
    assert work["active"].email in told
    assert not any(e.endswith("@deleted.invalid") for e in told)


def test_collective_goal_milestones_reach_contributors_of_every_member_initiative(db):
    collective = factories.CollectiveFactory(goal_target=4)
    one = factories.RoleFactory(initiative__organization=collective.coordinator,
                                initiative__collective=collective, hours_per_week=1)
    two = factories.RoleFactory(initiative__collective=collective, hours_per_week=1)
    outsider_role = factories.RoleFactory(hours_per_week=1)
    a, b, outsider = person(20), person(20), person(20)
    for role, who in ((one, a), (two, b), (outsider_role, outsider)):
        claim = role_services.claim_role(role=role, volunteer=who)
        done = role_services.contribution_log(claim=claim, volunteer=who,
                                              date=timezone.localdate(), hours=1,
                                              micro_improvements=2)
        role_services.contribution_verify(contribution=done,
                                          verifier=staff(role.organization))
    dashboard_services.rollup_everything()
    goal = Milestone.objects.get(key=f"goal:collective:{collective.pk}:100")
    mail.outbox.clear()
    assert dashboard_services.milestone_announce(milestone_id=goal.pk) is True
    told = set(mail.outbox[0].bcc)
    assert {a.email, b.email} <= told and outsider.email not in told


def test_after_closing_only_work_done_before_the_close_can_be_logged(work, orchestrator):
    import datetime as dt

    claim = work["active_claim"]
    claimed_on = timezone.localdate() - dt.timedelta(days=3)
    Claim.objects.filter(pk=claim.pk).update(
        claimed_at=timezone.now() - dt.timedelta(days=3))
    initiative_close(initiative=work["initiative"], actor=orchestrator, outcome=OUTCOME)
    Initiative.objects.filter(pk=work["initiative"].pk).update(
        closed_at=timezone.now() - dt.timedelta(days=1))
    claim.refresh_from_db()
    with pytest.raises(Invalid, match="only work done before it closed can be logged"):
        role_services.contribution_log(claim=claim, volunteer=work["active"],
                                       date=timezone.localdate(), hours=1)
    assert not claim.contributions.exists()  # nothing half-written
    late = role_services.contribution_log(claim=claim, volunteer=work["active"],
                                          date=claimed_on, hours=1)
    assert late.claim_id == claim.pk
