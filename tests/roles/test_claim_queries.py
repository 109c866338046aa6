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
    return [q["sql"] for q in ctx.captured_queries]


def test_claiming_locks_the_role_row_only_and_reads_its_figures_in_one_statement(db):
    role = factories.RoleFactory(seats=2, hours_per_week=2)
    person = factories.ProfileFactory(weekly_capacity_hours=8).user

    sql = _claim_sql(role, person)

    insert = next(n for n, s in enumerate(sql) if s.startswith('INSERT INTO "roles_claim"'))
    reads = [s for s in sql[:insert] if s.startswith("SELECT")]
    # before the insert: the profile lock, the role lock, one statement for held / seats /
    # offers / hours (what follows the insert is the waitlist, history and webhooks' business)
    assert len(reads) == 3
    role_lock = next(s for s in reads if '"roles_role"' in s and "FOR UPDATE" in s)
    if connection.vendor == "postgresql":
        assert 'FOR UPDATE OF "roles_role"' in role_lock  # the initiative row is not locked


def test_a_private_role_is_still_refused_to_a_non_member(db):
    role = factories.RoleFactory(initiative__is_public=False)
    outsider = factories.ProfileFactory().user
    with pytest.raises(DomainError, match="not open for claims"):
        services.claim_role(role=role, volunteer=outsider)
    member = factories.ProfileFactory(weekly_capacity_hours=8).user
    factories.MembershipFactory(user=member, organization=role.organization)
    assert services.claim_role(role=role, volunteer=member).role_id == role.pk
