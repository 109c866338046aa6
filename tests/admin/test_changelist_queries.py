"""Every tenant changelist costs the same number of queries with 1× and 3× the rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.admin.tenancy import TenantAdmin
from tests import factories
from tests.builders import build_tenant_rows

TENANT_ADMINS = sorted(
    (m for m, ma in admin.site._registry.items() if isinstance(ma, TenantAdmin)),
    key=lambda m: m._meta.label,
)
MAX_QUERIES = 16  # session, user, memberships, count(s), rows, prefetches, filters


def changelist_queries(client, model) -> int:
    path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    assert len(response.context["cl"].result_list) > 0, path
    return len(queries)


@pytest.fixture
def grow(db):
    region = factories.RegionFactory(name="Shared country")
    skill = factories.SkillFactory(name="Shared skill", slug="shared-skill")
    first = build_tenant_rows("first", region, skill)

    def more(times: int) -> None:
        for n in range(times):
            build_tenant_rows(f"more{n}", region, skill, org=first.org)

    return first, more


def test_tenant_changelists_keep_a_constant_query_count_as_rows_grow(
        grow, client, django_assert_max_num_queries):
    world, more = grow
    client.force_login(world.owner)
    small = {m._meta.label: changelist_queries(client, m) for m in TENANT_ADMINS}
    more(2)
    for model in TENANT_ADMINS:
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        with django_assert_max_num_queries(small[model._meta.label]):
            assert client.get(path).status_code == 200
    assert max(small.values()) <= MAX_QUERIES, small
    print("changelist queries:", small)  # shown with -s; the figures go into the report
