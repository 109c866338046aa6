"""List endpoints cost the same number of queries whatever the page size and data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.api.test_isolation_matrix import OPERATIONS
from tests.builders import API, bearer, build_tenant

LISTS = [path for path, method in OPERATIONS if method == "GET" and "{" not in path
         and path != API]
MAX_QUERIES = 5  # key lookup, the page, its prefetches (skills, SDGs, members)


def grow(tenant, n: int) -> None:
    """More open rows with relations (skills, SDGs, members) for the tenant."""
    for _ in range(n):
        role = factories.RoleFactory(initiative=tenant.public_initiative, seats=2)
        role.skills.set([factories.SkillFactory(), factories.SkillFactory()])
        initiative = factories.InitiativeFactory(organization=tenant.org)
        initiative.sdgs.set([4, 5])
        factories.RegionFactory()
        factories.CollectiveMembershipFactory(organization=tenant.org)


def queries_for(api, url: str, raw: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, **bearer(raw))
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response.status_code


@pytest.mark.parametrize("path", LISTS)
def test_list_query_count_is_constant(api, db, path, django_assert_max_num_queries):
    tenant = build_tenant("q")
    raw = tenant.keys["read"]
    api.get(path, **bearer(raw))  # records last-used once; later calls within a minute do not
    small_page = queries_for(api, f"{path}?page_size=2", raw)[0]
    grow(tenant, 6)
    # Another tenant's worth of rows (its own roll-ups, claims, deliveries…) as well.
    build_tenant("r")
    with django_assert_max_num_queries(MAX_QUERIES):
        large_page = queries_for(api, f"{path}?page_size=50", raw)[0]
    assert large_page == small_page, f"{path}: {small_page} queries vs {large_page}"
