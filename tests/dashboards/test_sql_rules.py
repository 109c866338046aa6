"""Each rule the set-based SQL shares with the ORM (dashboards.services.sql) selects exactly
the rows its Python definition selects, on rows in every state the rule looks at."""

import itertools

import pytest
from django.db import connection

from dashboards.models import goal_percent
from dashboards.selectors.figures import HELD, counted_work
from dashboards.services import sql
from initiatives.access import open_data_q
from initiatives.models import Initiative
from people.models import Membership
from roles.models import Claim, Contribution, Role
from tests import factories

pytestmark = pytest.mark.django_db


def _ids(query: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return {row[0] for row in cursor.fetchall()}


def _both_sides(selected: set, every: set) -> None:
    """The comparison means something only if the rule keeps some rows and drops others."""
    assert selected and selected != every


def test_open_data_sql_is_open_data_q_for_every_visibility_and_status():
    for public, status in itertools.product((True, False), Initiative.Status):
        factories.InitiativeFactory(is_public=public, status=status)
    orm = set(Initiative.objects.filter(open_data_q()).values_list("id", flat=True))
    assert _ids(f"SELECT i.id FROM initiatives_initiative i WHERE {sql.open_data('i')}") == orm
    _both_sides(orm, set(Initiative.objects.values_list("id", flat=True)))


@pytest.fixture
def claims(db):
    """Two roles; a claim of every kind in every status on the first, a few on the second."""
    first, second = factories.RoleFactory(seats=3), factories.RoleFactory(seats=1)
    for kind, status in itertools.product(Claim.Kind, Claim.Status):
        factories.ClaimFactory(role=first, kind=kind, status=status)
    for kind in Claim.Kind:
        factories.ClaimFactory(role=second, kind=kind)
    return first, second


def test_held_claims_sql_is_the_held_statuses(claims):
    orm = set(Claim.objects.filter(status__in=HELD).values_list("id", flat=True))
    assert _ids(f"SELECT c.id FROM roles_claim c WHERE c.status IN {sql.HELD}") == orm
    _both_sides(orm, set(Claim.objects.values_list("id", flat=True)))


def test_seats_taken_sql_is_with_seats_for_every_kind_and_status(claims):
    orm = dict(Role.objects.with_seats().values_list("id", "seats_taken"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT r.id, (SELECT COUNT(*) FROM roles_claim c WHERE c.role_id = r.id"
                       f" AND {sql.takes_seat('c')}) FROM roles_role r")
        assert dict(cursor.fetchall()) == orm
    assert orm == {claims[0].pk: 1, claims[1].pk: 1}  # apprentices and ended claims apart


@pytest.fixture
def work(claims):
    """A contribution in every status on a claim in every status."""
    for claim, status in itertools.product(Claim.objects.all(), Contribution.Status):
        factories.ContributionFactory(claim=claim, hours=1, date="2026-11-02", status=status,
                                      micro_improvements=0)
    return Contribution.objects.all()


def test_counted_work_sql_is_contribution_counted_for_every_status(work):
    orm = set(counted_work().values_list("id", flat=True))
    assert _ids(f"SELECT w.id FROM roles_contribution w WHERE w.status IN {sql.COUNTED}") == orm
    _both_sides(orm, set(work.values_list("id", flat=True)))


def test_awaiting_peer_sql_is_contribution_awaiting_peer_for_every_status(work):
    orm = set(work.filter(status__in=Contribution.AWAITING_PEER).values_list("id", flat=True))
    assert _ids("SELECT w.id FROM roles_contribution w"
                f" WHERE w.status IN {sql.AWAITING_PEER}") == orm
    _both_sides(orm, set(work.values_list("id", flat=True)))


def test_managing_sql_is_membership_managing_for_every_level():
    for level in Membership.Level:
        factories.MembershipFactory(level=level)
    orm = set(Membership.objects.filter(level__in=Membership.MANAGING)
              .values_list("id", flat=True))
    assert _ids(f"SELECT m.id FROM people_membership m WHERE m.level IN {sql.MANAGING}") == orm
    _both_sides(orm, set(Membership.objects.values_list("id", flat=True)))


@pytest.mark.parametrize("done, target", [(0, 7), (1, 3), (2, 3), (29, 100), (333, 1000),
                                          (5, 4), (10**12 + 7, 3), (99, 100), (100, 100)])
def test_goal_percent_sql_is_goal_percent(done, target):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql.goal_percent('d', 't')} FROM (SELECT %s::bigint AS d,"
                       " %s::bigint AS t) v", [done, target])
        assert cursor.fetchone()[0] == goal_percent(done, target)


def test_a_value_that_is_not_a_plain_enum_value_never_reaches_the_sql():
    with pytest.raises(ValueError, match="not a plain enum value"):
        sql.literal("x' OR '1'='1")
