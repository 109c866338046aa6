"""claim_role holds the role's lock for as few statements as it can, runs a fixed number of
statements, and what it writes before the lock (history, webhook rows, roll-up scheduling)
is written with the claim or not at all."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowddo.errors import DomainError, RoleFull
from roles import services
from roles.models import Claim
from roles.services import seat_counter
from tests import factories
from webhooks import listening
from webhooks.models import WebhookDelivery


def _claim_sql(role, person) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        services.claim_role(role=role, volunteer=person)
    return [q["sql"] for q in ctx.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


@pytest.fixture
def cached_listening(settings):
    """The webhooks' answer cached as with Redis (the `shared` alias; locmem without it)."""
    settings.REDIS_URL = settings.REDIS_URL or "redis://127.0.0.1:6379/15"

    def forget(organization_id):
        caches["shared"].delete(listening._key(organization_id))
    return forget


def test_a_claim_locks_the_role_row_only_in_its_last_statement_the_counter_update(db):
    role = factories.RoleFactory(seats=2, hours_per_week=2)
    person = factories.ProfileFactory(weekly_capacity_hours=8).user

    sql = _claim_sql(role, person)

    # No SELECT … FOR UPDATE of the role: its row is locked only by the seat counter's
    # conditional UPDATE, the last statement (history rows, webhooks, roll-up scheduling
    # all come before it), so the lock is held for that statement and the commit alone.
    assert not any('"roles_role"' in s and "FOR UPDATE" in s for s in sql)
    role_writes = [n for n, s in enumerate(sql) if s.startswith("UPDATE roles_role")
                   or s.startswith('UPDATE "roles_role"')]
    assert role_writes == [len(sql) - 1]
    assert "seats_taken + seats_offered < seats" in sql[-1]
    insert = next(n for n, s in enumerate(sql) if 'INSERT INTO "roles_claim"' in s)
    # before the insert: the profile lock, then one statement for the role, its initiative
    # and held / apprentice / hours / waitlist entry; the insert writes the history row too;
    # after it only the webhooks' check when their cache cannot answer
    reads = [s for s in sql[:insert] if s.startswith("SELECT")]
    assert len(reads) == 2, reads
    assert "FOR UPDATE" in reads[0] and "people_volunteerprofile" in reads[0]


def test_a_claim_is_four_statements_when_the_webhook_answer_is_cached(db, cached_listening):
    role = factories.RoleFactory(seats=3, hours_per_week=1)
    first, second = (factories.ProfileFactory(weekly_capacity_hours=8).user for _ in range(2))
    cached_listening(role.organization_id)

    cold = _claim_sql(role, first)  # asks the database once, then remembers "no endpoint"
    warm = _claim_sql(role, second)

    assert len(cold) == 5, cold
    assert any("webhooks_webhookendpoint" in s for s in cold)
    # the profile lock, the role with its initiative and the holdings, the claim with its
    # history row (one statement), the counter's UPDATE: nothing else
    assert len(warm) == 4, warm
    writes = [s for s in warm if "INSERT INTO" in s]
    assert len(writes) == 1, writes
    assert writes[0].startswith('WITH c AS (INSERT INTO "roles_claim"')
    assert 'INSERT INTO "roles_historicalclaim"' in writes[0]


def test_a_claim_is_five_statements_without_redis(db, settings):
    settings.REDIS_URL = None  # the embedded default: the webhooks ask the database each time
    role = factories.RoleFactory(seats=3, hours_per_week=1)
    people = [factories.ProfileFactory(weekly_capacity_hours=8).user for _ in range(2)]
    assert [len(_claim_sql(role, person)) for person in people] == [5, 5]


def test_a_claim_writes_its_history_row_and_webhook_event_and_schedules_the_rollup(
        db, cached_listening, django_capture_on_commit_callbacks):
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    endpoint = factories.WebhookEndpointFactory(organization=role.organization)
    person = factories.ProfileFactory(weekly_capacity_hours=8).user

    with django_capture_on_commit_callbacks() as after_commit:
        claim = services.claim_role(role=role, volunteer=person)

    assert [h.history_type for h in claim.history.all()] == ["+"]
    assert WebhookDelivery.objects.get(endpoint=endpoint).event_key == (
        f"claim:{claim.pk}:role.claimed")
    names = {getattr(c, "__qualname__", "") for c in after_commit}
    assert "enqueue_on_commit.<locals>.send" in names  # the delivery and the roll-up


def test_a_claim_that_loses_the_last_seat_leaves_no_history_webhook_or_rollup(
        db, cached_listening, monkeypatch, django_capture_on_commit_callbacks):
    role = factories.RoleFactory(seats=1, hours_per_week=1)
    endpoint = factories.WebhookEndpointFactory(organization=role.organization)
    person = factories.ProfileFactory(weekly_capacity_hours=8).user
    real_take = seat_counter.take

    def someone_else_first(role_id):  # another claim takes the seat after this one read it
        assert real_take(role_id)
        return real_take(role_id)

    monkeypatch.setattr(seat_counter, "take", someone_else_first)
    with django_capture_on_commit_callbacks() as after_commit, pytest.raises(RoleFull):
        services.claim_role(role=role, volunteer=person)

    # the insert, the history row and the delivery were written before the counter's
    # UPDATE refused: the transaction rolled all of them back, and nothing runs after it
    assert not Claim.objects.filter(volunteer=person).exists()
    assert not Claim.history.filter(volunteer=person).exists()
    assert not WebhookDelivery.objects.filter(endpoint=endpoint).exists()
    assert after_commit == []


def test_a_private_role_is_still_refused_to_a_non_member(db):
    role = factories.RoleFactory(initiative__is_public=False)
    outsider = factories.ProfileFactory().user
    with pytest.raises(DomainError, match="not open for claims"):
        services.claim_role(role=role, volunteer=outsider)
    member = factories.ProfileFactory(weekly_capacity_hours=8).user
    factories.MembershipFactory(user=member, organization=role.organization)
    assert services.claim_role(role=role, volunteer=member).role_id == role.pk


def test_a_role_of_a_draft_or_closed_initiative_is_refused(db):
    for status in ("draft", "closed"):
        role = factories.RoleFactory(initiative__status=status)
        with pytest.raises(DomainError, match="not open for claims"):
            services.claim_role(role=role, volunteer=factories.ProfileFactory().user)


def test_a_volunteer_without_a_profile_gets_one_and_the_burnout_guard_applies(db):
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    person = factories.UserFactory()
    assert services.claim_role(role=role, volunteer=person).volunteer_id == person.pk
    person.refresh_from_db()
    assert person.profile.weekly_capacity_hours >= 1


def test_without_select_for_update_the_profile_is_read_not_locked(db, monkeypatch):
    """SQLite (the embedded default) has no FOR UPDATE: the claim must not send one there."""
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    person = factories.ProfileFactory(weekly_capacity_hours=8).user
    monkeypatch.setattr(connection.features, "has_select_for_update", False)
    sql = _claim_sql(role, person)
    assert not any("FOR UPDATE" in s for s in sql), sql
    assert Claim.objects.filter(role=role, volunteer=person, status="active").exists()
