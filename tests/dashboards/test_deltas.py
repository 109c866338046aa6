"""The per-write roll-up (`services.deltas`) proven right by the full recompute: random status
changes of contributions and claims, each rolled up by deltas, leave every table exactly as a
full recompute writes it."""

import datetime as dt
import pprint
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards import services, tasks
from dashboards.models import InitiativeProgress, ScopeTotal
from roles import services as role_services
from roles.models import Claim, Contribution
from tests import builders, factories
from tests.dashboards import test_full_rollup
from tests.dashboards.snapshots import snapshot

big_world = test_full_rollup.big_world  # the shared world of the full roll-up's tests
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the reconciliation it is compared with is PostgreSQL's")


class Moves:
    """Every status change a contribution or claim can go through, by the services."""

    def __init__(self, world, rng):
        self.rng, self.regions = rng, [None, *world["regions"].values()]
        self.roles = [r for r in world["roles"].values() if r.status == "open"]
        self.people = world["people"]
        # Verifiers made before the walk: a new orchestrator changes the leadership measures of
        # every initiative of the organization (a membership change, left to the reconciliation).
        self.bosses = {r.organization_id: builders.staff(r.organization)
                       for r in world["roles"].values()}

    def boss(self, contribution):
        return self.bosses[contribution.claim.role.organization_id]

    def pick(self, **status):
        rows = list(Contribution.objects.filter(**status).select_related("claim__role"))
        return self.rng.choice(rows) if rows else None

    def log(self):
        claims = list(Claim.objects.filter(status=Claim.Status.ACTIVE).select_related("role"))
        if not claims:
            return None
        claim = self.rng.choice(claims)
        made = role_services.contribution_log(
            claim=claim, volunteer=claim.volunteer, date=timezone.localdate(),
            hours=Decimal(self.rng.choice(["0.5", "1", "2.25"])),
            micro_improvements=self.rng.randint(0, 4), region=self.rng.choice(self.regions))
        days_ago = self.rng.randint(0, 3)  # several days: running sums and day rows differ
        Contribution.objects.filter(pk=made.pk).update(
            date=timezone.localdate() - dt.timedelta(days=days_ago))
        return made.claim.role

    def verify(self):
        c = self.pick(status__in=Contribution.AWAITING_PEER)
        if c:
            role_services.contribution_verify(contribution=c, verifier=self.boss(c))
            return c.claim.role
        return None

    def send_back(self):
        c = self.pick(status__in=Contribution.AWAITING_PEER)
        if c:
            role_services.contribution_send_back(contribution=c, verifier=self.boss(c),
                                                 comment="Add the photo.")
            return c.claim.role
        return None

    def resubmit(self):
        c = self.pick(status=Contribution.Status.SENT_BACK)
        if c:
            role_services.contribution_resubmit(
                contribution=c, volunteer=c.claim.volunteer, hours=Decimal("1.5"),
                micro_improvements=self.rng.randint(0, 3), note="Photo added.",
                region=self.rng.choice(self.regions))
            return c.claim.role
        return None

    def retract(self):
        c = self.pick(status=Contribution.Status.VERIFIED)
        if c:
            role_services.contribution_retract(contribution=c, actor=self.boss(c),
                                               reason="Counted twice.")
            return c.claim.role
        return None

    def hold_and_confirm(self):
        c = self.pick(status__in=Contribution.AWAITING_PEER)
        if c:  # the plausibility hold, as contribution_log would set it, then confirmed
            Contribution.objects.filter(pk=c.pk).update(status=Contribution.Status.HELD)
            services.apply_initiative(initiative_id=c.claim.role.initiative_id)
            role_services.contribution_hold_confirm(contribution=c, actor=self.boss(c))
            return c.claim.role
        return None

    def claim(self):
        role, person = self.rng.choice(self.roles), self.rng.choice(self.people)
        try:
            role_services.claim_role(role=role, volunteer=person)
        except Exception:  # full, already held, not allowed: no change, nothing to roll up
            return None
        return role

    def release(self):
        claims = list(Claim.objects.filter(status=Claim.Status.ACTIVE).select_related("role"))
        if claims:
            claim = self.rng.choice(claims)
            role_services.claim_release(claim=claim, volunteer=claim.volunteer)
            return claim.role
        return None

    ALL = ("log", "log", "log", "verify", "verify", "send_back", "resubmit", "retract",
           "hold_and_confirm", "claim", "release")


def _random_walk(moves: Moves, steps: int) -> list[str]:
    done = []
    for _ in range(steps):
        name = moves.rng.choice(Moves.ALL)
        role = getattr(moves, name)()
        if role is not None:  # what the task does after the write's commit
            tasks.rollup_initiative(role.initiative_id)
            done.append(name)
    return done


def _differences(one: dict, two: dict) -> dict:
    """Per table, the rows only one side has (readable when the test fails)."""
    out = {}
    for table in one.keys() | two.keys():
        a, b = set(one.get(table, [])), set(two.get(table, []))
        if a != b:
            out[table] = {"deltas only": sorted(a - b), "full only": sorted(b - a)}
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_random_changes_rolled_up_by_deltas_equal_a_full_recompute(big_world, seed):
    moves = Moves(big_world, random.Random(seed))
    services.rollup_everything()
    done = _random_walk(moves, steps=45)
    assert {"log", "verify", "send_back", "resubmit", "retract", "hold_and_confirm"} <= set(done)
    by_deltas = snapshot()
    services.rollup_everything()
    full = snapshot()
    diff = _differences(by_deltas, full)
    assert not diff, pprint.pformat(diff, width=200)
    # not vacuous: verified work moved the collective's figures after the first full run
    assert Contribution.objects.filter(status=Contribution.Status.VERIFIED).count() > 6


def test_a_rerun_moves_nothing(big_world):
    moves = Moves(big_world, random.Random(3))
    services.rollup_everything()
    moves.log()
    contribution = moves.pick(status=Contribution.Status.SUBMITTED)
    role_services.contribution_verify(contribution=contribution,
                                      verifier=moves.boss(contribution))
    claim = contribution.claim
    services.apply_initiative(initiative_id=claim.role.initiative_id)
    once = snapshot()
    services.apply_initiative(initiative_id=claim.role.initiative_id)
    tasks.rollup_initiative(claim.role.initiative_id)  # a duplicate delivery
    assert snapshot() == once


def test_changed_at_moves_only_when_a_figure_changes(big_world):
    services.rollup_everything()
    ini = big_world["initiatives"]["one_public"]
    progress = InitiativeProgress.objects.get(initiative=ini)
    org = ScopeTotal.objects.get(kind="organization", scope_id=ini.organization_id,
                                 audience="all")
    stamps = (progress.changed_at, org.changed_at)
    assert None not in stamps
    services.apply_initiative(initiative_id=ini.pk)  # nothing changed
    services.rollup_everything()  # nor here
    progress.refresh_from_db()
    org.refresh_from_db()
    assert (progress.changed_at, org.changed_at) == stamps
    claim = role_services.claim_role(role=big_world["roles"]["sense"],
                                      volunteer=builders.person(capacity=40))
    done = role_services.contribution_log(claim=claim, volunteer=claim.volunteer,
                                          date=timezone.localdate(), hours=1,
                                          micro_improvements=2)
    role_services.contribution_verify(contribution=done,
                                      verifier=builders.staff(ini.organization))
    services.apply_initiative(initiative_id=ini.pk)
    progress.refresh_from_db()
    org.refresh_from_db()
    assert progress.changed_at > stamps[0] and org.changed_at > stamps[1]
    moved = (progress.changed_at, org.changed_at)
    services.rollup_everything()  # the reconciliation agrees: the stamps stay
    progress.refresh_from_db()
    org.refresh_from_db()
    assert (progress.changed_at, org.changed_at) == moved


def test_the_per_write_path_does_not_grow_with_other_initiatives(big_world):
    """Query count of one write's roll-up: the same with 3 or 12 more initiatives in the
    organization and collective (the full recompute of a scope is never run)."""
    services.rollup_everything()
    ini = big_world["initiatives"]["one_public"]

    def one_write() -> int:
        claim = role_services.claim_role(role=big_world["roles"]["sense"],
                                          volunteer=builders.person(capacity=40))
        with CaptureQueriesContext(connection) as seen:
            services.apply_initiative(initiative_id=ini.pk)
        role_services.claim_release(claim=claim, volunteer=claim.volunteer)
        services.apply_initiative(initiative_id=ini.pk)
        return len(seen)

    def grow(n):
        for _ in range(n):
            other = factories.InitiativeFactory(organization=ini.organization,
                                                collective=ini.collective)
            builders.work(factories.RoleFactory(initiative=other), builders.person(capacity=40),
                          [(1, 1, None)], verifier=builders.staff(ini.organization),
                          verify_logs=True)
        services.rollup_everything()

    grow(3)
    few = one_write()
    grow(9)
    assert one_write() == few


def test_a_write_in_the_embedded_default_rolls_up_inline_by_deltas_only(
        big_world, monkeypatch, fresh_cache, django_capture_on_commit_callbacks):
    """No broker: the task runs eagerly after the write's commit — the per-write path, never
    a full recompute (that is the scheduler's reconciliation)."""
    from crowddo.celery import app
    from dashboards.services import full

    # A fresh initiative: the world's writes left their (never run) on-commit markers behind.
    one = big_world["initiatives"]["one_public"]
    ini = factories.InitiativeFactory(organization=one.organization, collective=one.collective)
    role = factories.RoleFactory(initiative=ini, seats=2)
    services.rollup_everything()
    full_runs = []
    monkeypatch.setattr(full, "rollup_all_tables", lambda *a: full_runs.append(a))
    monkeypatch.setattr(full, "_rollup_each_scope", lambda *a: full_runs.append(a))
    org = ScopeTotal.objects.get(kind="organization", scope_id=ini.organization_id,
                                 audience="all")
    eager, app.conf.task_always_eager = app.conf.task_always_eager, True  # no REDIS_URL
    try:
        with django_capture_on_commit_callbacks(execute=True):
            claim = role_services.claim_role(role=role, volunteer=builders.person(capacity=40))
            role_services.contribution_log(claim=claim, volunteer=claim.volunteer,
                                           date=timezone.localdate(), hours=1,
                                           micro_improvements=4)
    finally:
        app.conf.task_always_eager = eager
    moved = ScopeTotal.objects.get(pk=org.pk)
    assert moved.awaiting_micro_improvements == org.awaiting_micro_improvements + 4
    assert moved.active_claims == org.active_claims + 1
    assert full_runs == []
