"""Stale claims: a reminder at 75 % of stale_after_days, expiry at 100 %, nothing twice."""


import pytest
from django.core import mail
from django.utils import timezone

from roles import services, tasks
from roles.models import Claim, WaitlistEntry
from tests import factories
from tests.builders import idle_claim


def test_fresh_claim_is_left_alone(db, django_capture_on_commit_callbacks):
    claim = idle_claim(days_idle=10)  # 10 < 10.5 (75 % of 14)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stale_claims() == {"expired": 0, "reminded": 0}
    claim.refresh_from_db()
    assert claim.status == "active" and claim.reminded_at is None
    assert mail.outbox == []


def test_reminder_at_three_quarters_is_sent_once(db, django_capture_on_commit_callbacks):
    claim = idle_claim(days_idle=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stale_claims() == {"expired": 0, "reminded": 1}
        assert tasks.sweep_stale_claims() == {"expired": 0, "reminded": 0}
    assert [m.to for m in mail.outbox] == [[claim.volunteer.email]]
    assert claim.role.title in mail.outbox[0].subject


def test_the_role_s_own_stale_after_days_is_used(db):
    short = idle_claim(days_idle=3, stale_after_days=4)  # 3 >= 75 % of 4
    long = idle_claim(days_idle=3, stale_after_days=30)
    assert services.claims_sweep_stale() == {"expired": 0, "reminded": 1}
    short.refresh_from_db()
    long.refresh_from_db()
    assert short.reminded_at is not None and long.reminded_at is None


def test_expiry_at_full_term_frees_the_seat_for_the_waitlist(
    db, django_capture_on_commit_callbacks
):
    claim = idle_claim(days_idle=15)
    waiter = factories.ProfileFactory().user
    services.waitlist_join(role=claim.role, volunteer=waiter)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.claims_sweep_stale() == {"expired": 1, "reminded": 0}
        assert services.claims_sweep_stale() == {"expired": 0, "reminded": 0}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.EXPIRED
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED
    # The offer to the waiter, and the expiry notice to the idle holder — no reminder.
    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_person) == sorted([waiter.email, claim.volunteer.email])
    assert "offered to the next person" in by_person[claim.volunteer.email].body


def test_logging_a_contribution_resets_the_reminder(db):
    claim = idle_claim(days_idle=11)
    services.claims_sweep_stale()
    services.contribution_log(claim=claim, volunteer=claim.volunteer,
                              date=timezone.localdate(), hours=1)
    claim.refresh_from_db()
    assert claim.reminded_at is None
    assert services.claims_sweep_stale() == {"expired": 0, "reminded": 0}


@pytest.mark.parametrize("name", ["roles-sweep-stale-claims", "roles-lapse-waitlist-offers"])
def test_periodic_tasks_are_in_the_beat_schedule(settings, name):
    from crowddo.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE[name]
    assert entry["task"] in app.tasks
