"""`/api/v1/roles/` builds its list from `.values()` rows (roles.api.rows.ROLE_LIST): the same
JSON, byte for byte, as RoleSerializer gives for the same roles, nested and null fields too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from initiatives.models import Region
from roles.api.rows import ROLE_LIST
from roles.api.serializers import RoleSerializer
from roles.models import Role
from tests import factories


@pytest.fixture
def roles(db):
    state = factories.RegionFactory(name="Rio de Janeiro", level=Region.Level.STATE,
                                    parent=factories.RegionFactory(name="Brasil"))
    # Skills whose name order differs from their slug and id order.
    zeta, alpha = factories.SkillFactory(name="Zeta craft", slug="a-zeta"), factories.SkillFactory(
        name="Alpha craft", slug="z-alpha")
    with_all = factories.RoleFactory(region=state, term_weeks=12, apprentice_seats=2, seats=4,
                                     is_remote=True, success_looks_like="Ünïcode “quotes” & <b>")
    with_all.skills.set([zeta, alpha])
    bare = factories.RoleFactory(region=None, term_weeks=None, success_looks_like="")
    held = factories.RoleFactory(seats=3, status=Role.Status.CLOSED)
    Role.objects.filter(pk=held.pk).update(seats_taken=2, seats_offered=1)
    return [with_all, bare, held]


def _serializer_json(ids) -> bytes:
    qs = (Role.objects.with_seats().select_related("initiative", "organization", "region")
          .prefetch_related("skills").filter(pk__in=ids).order_by("-id"))
    return JSONRenderer().render(RoleSerializer(qs, many=True).data)


def _rows_json(ids, arrays=None) -> bytes:
    qs = ROLE_LIST.queryset(Role.objects.with_seats().filter(pk__in=ids).order_by("-id"),
                            arrays=arrays)
    return JSONRenderer().render(ROLE_LIST.build(qs))


# arrays: skills as ARRAY(SELECT …) in the page's query (PostgreSQL) or one more query (SQLite)
ARRAYS = [pytest.param(None, id="vendor-default"), pytest.param(False, id="extra-query")]


@pytest.mark.parametrize("arrays", ARRAYS)
def test_rows_equal_the_serializer_byte_for_byte(roles, arrays):
    ids = [r.pk for r in roles]
    expected = _serializer_json(ids)
    assert b'"region":null' in expected and b'"term_weeks":null' in expected
    assert b'"skills":["z-alpha","a-zeta"]' in expected  # by name, as Skill.Meta orders
    assert b'"skills":[]' in expected
    assert _rows_json(ids, arrays) == expected


@pytest.mark.parametrize("arrays", ARRAYS)
def test_rows_follow_the_current_time_zone_as_the_serializer_does(roles, arrays):
    ids = [r.pk for r in roles]
    with timezone.override("Asia/Kolkata"):
        expected = _serializer_json(ids)
        assert b"+05:30" in expected
        assert _rows_json(ids, arrays) == expected


def test_the_api_list_answers_the_serializer_output_in_one_query(api, roles):
    public = [r.pk for r in roles]
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/roles/")
    assert response.status_code == 200
    results = JSONRenderer().render(response.json()["results"])
    assert results == _serializer_json(public)
    # the page of rows, its skills as an array on PostgreSQL (one more query on SQLite)
    assert len(ctx.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
