"""The per-day tables refill only the days written since their last fill, and end up equal
to a whole refill; a rerun with nothing written writes nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dashboards import services
from dashboards.models import (
    DailyTotal,
    FillState,
    InitiativeProgress,
    PendingDay,
    RegionDay,
    ScopeTotal,
    VolunteerDay,
)
from initiatives.models import Initiative
from roles import services as role_services
from roles.models import Contribution
from tests import builders, factories
from tests.dashboards import test_full_rollup as full_rollup
from tests.dashboards.snapshots import snapshot

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the fill state is kept by PostgreSQL triggers")

DAY_TABLES = (DailyTotal, RegionDay, VolunteerDay)
big_world = full_rollup.big_world  # the same world as the full roll-up's equality tests


def _figures() -> dict:
    """Every roll-up table but the milestones (history: one reached stays recorded)."""
    return {name: rows for name, rows in snapshot().items() if name != "Milestone"}


def _tuples(model) -> dict:
    """id -> physical row version: an UPDATE (even to the same values) gives a new ctid."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, ctid::text FROM {model._meta.db_table}")  # noqa: S608
        return dict(cursor.fetchall())


def _boss(contribution):
    return builders.staff(contribution.claim.role.initiative.organization)


def _whole_refill() -> dict:
    """What the tables hold after emptying them and filling everything again."""
    full_rollup._clear()
    services.rollup_everything(full=True)
    return _figures()


def _late_work(world, days_ago: int) -> Contribution:
    """Work on a past day, logged and then moved there (awaiting a peer)."""
    ini = world["initiatives"]["one_public"]
    claim = role_services.claim_role(role=factories.RoleFactory(initiative=ini, seats=1),
                                     volunteer=world["people"][1])
    work = role_services.contribution_log(
        claim=claim, volunteer=world["people"][1], date=timezone.localdate(), hours=2,
        micro_improvements=7, region=world["regions"]["east"])
    Contribution.objects.filter(pk=work.pk).update(
        date=timezone.localdate() - dt.timedelta(days=days_ago))
    work.refresh_from_db()
    return work


@pytest.mark.django_db(transaction=True)
def test_a_rerun_with_nothing_written_writes_no_row(big_world):
    services.rollup_everything()
    assert set(FillState.objects.values_list("table", flat=True)) == {
        m._meta.db_table for m in DAY_TABLES}
    assert not PendingDay.objects.exists()
    rows = {m: _tuples(m) for m in DAY_TABLES}
    changed = {m: dict(m.objects.values_list("pk", "changed_at"))
               for m in (ScopeTotal, InitiativeProgress)}
    computed = dict(ScopeTotal.objects.values_list("pk", "computed_at"))

    call_command("rollup", verbosity=0)

    assert all(rows[m] for m in DAY_TABLES)  # not vacuous: every per-day table has rows
    assert {m: _tuples(m) for m in DAY_TABLES} == rows
    assert {m: dict(m.objects.values_list("pk", "changed_at"))
            for m in (ScopeTotal, InitiativeProgress)} == changed
    # … while the totals were recomputed (computed_at means "recomputed at")
    assert dict(ScopeTotal.objects.values_list("pk", "computed_at")) != computed


def test_a_written_day_is_refilled_and_only_it(big_world):
    services.rollup_everything()
    today = timezone.localdate()
    untouched = DailyTotal.objects.exclude(day=today).values_list("pk", flat=True)
    before = {pk: ctid for pk, ctid in _tuples(DailyTotal).items() if pk in set(untouched)}
    waiting = Contribution.objects.filter(status__in=Contribution.AWAITING_PEER,
                                          date=today).first()
    role_services.contribution_verify(contribution=waiting, verifier=_boss(waiting))
    assert set(PendingDay.objects.values_list("day", flat=True)) == {today}

    services.rollup_everything()

    assert not PendingDay.objects.exists()
    after = _tuples(DailyTotal)
    assert {pk: after[pk] for pk in before} == before  # other days: not rewritten
    assert _figures() == _whole_refill()


def test_work_verified_today_for_a_past_day_refills_that_day(big_world):
    """The fill keys on when a row was written, not on its date: work dated ten days ago and
    verified after the last fill is counted on its day, and the running totals after it move."""
    late = _late_work(big_world, days_ago=10)
    services.rollup_everything()
    day = late.date
    scope = {"kind": "initiative", "scope_id": late.claim.role.initiative_id, "audience": "all"}
    assert DailyTotal.objects.get(**scope, day=day).micro_improvements == 0

    role_services.contribution_verify(contribution=late, verifier=_boss(late))
    services.rollup_everything()

    assert DailyTotal.objects.get(**scope, day=day).micro_improvements == 7
    today = DailyTotal.objects.get(**scope, day=timezone.localdate())
    assert today.cumulative_micro_improvements == today.micro_improvements + 7 + sum(
        DailyTotal.objects.filter(**scope, day__gt=day, day__lt=today.day)
        .values_list("micro_improvements", flat=True))
    assert RegionDay.objects.filter(day=day, region=big_world["regions"]["east"]).exists()
    assert _figures() == _whole_refill()


def test_deleted_work_and_an_initiative_made_private_are_refilled(big_world):
    services.rollup_everything()
    Contribution.objects.filter(status="verified").order_by("pk").first().delete()
    Initiative.objects.filter(pk=big_world["initiatives"]["two_public"].pk).update(
        is_public=False)
    assert PendingDay.objects.filter(day__isnull=True).exists()  # "every day"

    services.rollup_everything()

    assert _figures() == _whole_refill()


def test_a_never_filled_or_emptied_table_is_filled_whole(big_world):
    services.rollup_everything()
    expected = snapshot()
    DailyTotal.objects.all().delete()  # emptied by hand: nothing pending, yet it refills

    services.rollup_everything()

    assert snapshot() == expected
