"""Roll-ups equal the raw rows, are idempotent, keep private work off public rows."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dashboards import receivers, services, tasks
from dashboards.models import (
    Audience,
    DailyTotal,
    InitiativeProgress,
    Kind,
    Milestone,
    RegionTotal,
    ScopeTotal,
    VolunteerTotal,
)
from roles import levels
from roles import services as role_services
from tests import builders, factories
from tests.dashboards.snapshots import snapshot


@pytest.fixture
def world(db):
    """A collective of two organizations; org one also has a private initiative."""
    where = builders.regions()
    collective, (one, two) = builders.collective_with(orgs=2)
    public = factories.RoleFactory(initiative__organization=one, seats=3,
                                   initiative__collective=collective, initiative__goal_target=8)
    other = factories.RoleFactory(initiative__organization=two, seats=3,
                                  initiative__collective=collective)
    private = factories.RoleFactory(initiative__organization=one, seats=3,
                                    initiative__collective=collective,
                                    initiative__is_public=False)
    boss = builders.staff(one)
    ann, bo = builders.person(20), builders.person(20)
    factories.MembershipFactory(user=ann, organization=one)  # may claim the private role
    # every contribution verified (only verified work counts; test_counting_rule has the rest)
    builders.work(public, ann, [(2, 3, where["east"]), (1, 1, where["west"])], final="verified",
                  verifier=boss, verify_logs=True)
    builders.work(other, bo, [(1.5, 4, where["east"])], verifier=builders.staff(two),
                  verify_logs=True)
    builders.work(private, ann, [(5, 50, where["west"])], verifier=boss, verify_logs=True)
    services.rollup_everything()
    return {"collective": collective, "one": one, "two": two, "public": public,
            "private": private, "ann": ann, "regions": where}


def _total(kind, scope_id, audience):
    return ScopeTotal.objects.get(kind=kind, scope_id=scope_id, audience=audience)


def test_public_rows_leave_private_initiatives_out(world):
    c = _total(Kind.COLLECTIVE, world["collective"].pk, Audience.PUBLIC)
    assert (c.micro_improvements, c.contributions, c.hours, c.volunteers) == (
        8, 3, Decimal("4.50"), 2)
    assert c.target == 100 and c.percent == 8
    mine_public = _total(Kind.ORGANIZATION, world["one"].pk, Audience.PUBLIC)
    mine_all = _total(Kind.ORGANIZATION, world["one"].pk, Audience.ALL)
    assert (mine_public.micro_improvements, mine_public.initiatives) == (4, 1)
    assert (mine_all.micro_improvements, mine_all.initiatives) == (54, 2)
    assert not ScopeTotal.objects.filter(kind=Kind.COLLECTIVE, audience=Audience.ALL).exists()
    # a second organization's rows never include the first one's private work
    theirs = _total(Kind.ORGANIZATION, world["two"].pk, Audience.ALL)
    assert (theirs.micro_improvements, theirs.initiatives) == (4, 1)


def test_regions_roll_up_from_districts_to_the_country(world):
    rows = {r.region.name: (r.micro_improvements, r.contributions, r.volunteers)
            for r in RegionTotal.objects.filter(collective=world["collective"])
            .select_related("region")}
    # public work only: east 3 (ann) + 4 (bo); west 1 (ann); the private 50 is left out.
    assert rows == {"East District": (7, 2, 2), "West District": (1, 1, 1),
                    "North": (8, 3, 2), "Testland": (8, 3, 2)}


def test_initiative_progress_and_days_match_the_raw_rows(world):
    progress = InitiativeProgress.objects.get(initiative=world["public"].initiative)
    assert (progress.micro_improvements, progress.contributions, progress.verified_claims,
            progress.volunteers, progress.percent) == (4, 2, 1, 1, 50)
    days = DailyTotal.objects.filter(kind=Kind.COLLECTIVE, scope_id=world["collective"].pk)
    assert [(d.micro_improvements, d.cumulative_micro_improvements) for d in days] == [(8, 8)]


def test_volunteer_numbers_count_every_organization(world):
    ann = VolunteerTotal.objects.get(user=world["ann"])
    assert (ann.micro_improvements, ann.hours, ann.verified_hours, ann.roles_held,
            ann.initiatives, ann.level) == (54, Decimal("8.00"), Decimal("8.00"), 2, 2, 2)
    assert levels.LEVELS[ann.level - 1].key == "micro_leader"  # a role verified by a peer


def test_running_the_rollup_twice_leaves_identical_tables(world):
    first = snapshot()
    call_command("rollup", verbosity=0)
    call_command("rollup", verbosity=0)
    assert snapshot() == first
    assert first["ScopeTotal"] and first["RegionTotal"] and first["LeadershipMeasure"]


def test_delivering_the_same_task_twice_leaves_identical_tables(world):
    initiative_id = world["public"].initiative_id
    tasks.rollup_initiative(initiative_id)
    first = snapshot()
    tasks.rollup_initiative(initiative_id)
    assert snapshot() == first


def test_milestones_are_recorded_once_and_announced_once(world):
    services.rollup_everything()  # a second pass records nothing new
    keys = list(Milestone.objects.values_list("key", flat=True))
    initiative = world["public"].initiative
    assert len(keys) == len(set(keys))
    assert f"goal:initiative:{initiative.pk}:50" in keys
    assert f"goal:initiative:{initiative.pk}:75" not in keys
    assert f"first-verified:initiative:{initiative.pk}" in keys
    assert f"level:user:{world['ann'].pk}:1" in keys
    goal = Milestone.objects.get(key=f"goal:initiative:{initiative.pk}:50")

    assert services.milestone_announce(milestone_id=goal.pk) is True
    assert services.milestone_announce(milestone_id=goal.pk) is False

    assert len(mail.outbox) == 1
    assert world["ann"].email in mail.outbox[0].bcc
    assert mail.outbox[0].to == []
    assert "reached 50% of its goal" in mail.outbox[0].subject


def test_private_initiative_milestones_are_not_public(world):
    private = world["private"].initiative
    private.goal_target = 50
    private.save()
    services.refresh_initiative(initiative_id=private.pk)
    goal = Milestone.objects.get(key=f"goal:initiative:{private.pk}:100")
    assert goal.is_public is False


def test_a_burst_in_one_transaction_schedules_one_refresh(db, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(receivers.debounced_rollup, "apply_async",
                        lambda args=(), kwargs=None: sent.append(args))
    role = factories.RoleFactory(seats=2)
    person = builders.person(20)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        claim = role_services.claim_role(role=role, volunteer=person)
        for n in (1, 2, 3):
            role_services.contribution_log(claim=claim, volunteer=person,
                                           date=timezone.localdate(),
                                           hours=Decimal(1), micro_improvements=n)
    assert sent == [(role.initiative_id,)]


def test_the_debounce_key_holds_back_a_second_send_until_the_task_starts(db, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.rollup_initiative, "apply_async",
                        lambda args=(), kwargs=None, countdown=None: sent.append(countdown))
    initiative = factories.InitiativeFactory()
    receivers.debounced_rollup.apply_async(args=(initiative.pk,))
    receivers.debounced_rollup.apply_async(args=(initiative.pk,))
    assert sent == [tasks.DEBOUNCE_SECONDS]
    tasks.rollup_initiative(initiative.pk)  # the task clears the key before it reads
    receivers.debounced_rollup.apply_async(args=(initiative.pk,))
    assert sent == [tasks.DEBOUNCE_SECONDS, tasks.DEBOUNCE_SECONDS]


def test_a_broker_failure_releases_the_debounce_key(db, monkeypatch):
    def down(**kwargs):
        raise OSError("broker down")

    initiative = factories.InitiativeFactory()
    monkeypatch.setattr(tasks.rollup_initiative, "apply_async", down)
    with pytest.raises(OSError):
        receivers.debounced_rollup.apply_async(args=(initiative.pk,))
    from django.core.cache import cache

    assert cache.get(tasks.debounce_key(initiative.pk)) is None


def test_a_deleted_initiative_leaves_no_rows_after_reconciliation(world):
    initiative = world["public"].initiative
    initiative_id = initiative.pk
    initiative.delete()
    services.rollup_everything()
    assert not ScopeTotal.objects.filter(kind=Kind.INITIATIVE, scope_id=initiative_id).exists()
