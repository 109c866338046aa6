"""claim_role holds the role's lock for as few statements as it can."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowddo.errors import DomainError
from roles import services
from tests import factories


def _claim_sql(role, person) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        services.claim_role(role=role, volunteer=person)
    return [q["sql"] for q in ctx.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


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
    insert = next(n for n, s in enumerate(sql) if s.startswith('INSERT INTO "roles_claim"'))
    # before the insert: the profile lock, then one statement for the role, its initiative
    # and held / apprentice / hours / waitlist entry; after it the history row (and the
    # webhooks' check when their cache cannot answer)
    reads = [s for s in sql[:insert] if s.startswith("SELECT")]
    assert len(reads) == 2, reads
    assert "FOR UPDATE" in reads[0] and "people_volunteerprofile" in reads[0]


def test_a_private_role_is_still_refused_to_a_non_member(db):
    role = factories.RoleFactory(initiative__is_public=False)
    outsider = factories.ProfileFactory().user
    with pytest.raises(DomainError, match="not open for claims"):
        services.claim_role(role=role, volunteer=outsider)
    member = factories.ProfileFactory(weekly_capacity_hours=8).user
    factories.MembershipFactory(user=member, organization=role.organization)
    assert services.claim_role(role=role, volunteer=member).role_id == role.pk
