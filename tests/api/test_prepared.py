"""`/api/v1/roles/` reads its query as `crowddo.api.prepared` keeps it (built and compiled once
per caller's visibility): every page, forwards and back, the same answer as the query compiled
for each request, and never a row the caller may not see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowddo.api import prepared
from tests import factories
from tests.builders import API, bearer

URL = f"{API}roles/"


@pytest.fixture
def many_roles(world):
    """Eleven open roles beside each tenant's private and draft ones."""
    initiative = world["a"].public_initiative
    return [factories.RoleFactory(initiative=initiative, title=f"Open role {n}") for n in range(11)]


@pytest.fixture
def reuse(monkeypatch):
    """Start with nothing kept, as a fresh process does."""
    monkeypatch.setattr(prepared, "_prototypes", {})
    monkeypatch.setattr(prepared, "_statements", {})


def _walk(api, headers: dict, first: str) -> list[dict]:
    """Every page from `first` along `next`, then back along `previous`: the JSON bodies
    (at most 40 pages: a cursor that never ends fails the test, not the run)."""
    pages, url = [], first
    for link in ("next", "previous"):
        while url and len(pages) < 40:
            body = api.get(url, **headers).json()
            pages.append(body)
            url = body[link]
        url = pages[-1]["previous"]
    assert len(pages) < 40, "the cursors never ended"
    return pages


def _callers(world):
    return {
        "anonymous": {},
        "key a": bearer(world["a"].keys["read"]),
        "key b": bearer(world["b"].keys["read"]),
    }


@pytest.mark.parametrize("page_size", ["2", "3"])
def test_every_page_both_ways_is_what_the_query_compiled_each_time_answers(
    api, world, many_roles, reuse, monkeypatch, page_size
):
    kept = {}
    for name, headers in _callers(world).items():
        kept[name] = _walk(api, headers, f"{URL}?page_size={page_size}")
    assert prepared._prototypes and prepared._statements  # the reused path ran
    monkeypatch.setattr(prepared, "enabled", False)
    for name, headers in _callers(world).items():
        assert _walk(api, headers, f"{URL}?page_size={page_size}") == kept[name], name
    ids = {
        name: {r["id"] for page in pages for r in page["results"]} for name, pages in kept.items()
    }
    a_private, b_private = world["a"].private_role.pk, world["b"].private_role.pk
    assert a_private not in ids["anonymous"] and b_private not in ids["anonymous"]
    assert a_private in ids["key a"] and b_private not in ids["key a"]
    assert b_private in ids["key b"] and a_private not in ids["key b"]
    assert {r.pk for r in many_roles} <= ids["anonymous"]


def test_a_key_read_first_never_shows_its_private_roles_to_the_next_caller(
    api, world, many_roles, reuse
):
    marker_a = world["a"].marker
    assert marker_a in api.get(URL, **bearer(world["a"].keys["read"])).content.decode()
    for headers in ({}, bearer(world["b"].keys["read"])):
        for _ in range(2):  # the prototype, then the stored statement
            response = api.get(URL, **headers)
            assert response.status_code == 200 and marker_a not in response.content.decode()


def test_a_reused_page_is_one_query_and_a_filtered_one_builds_its_own(
    api, world, many_roles, reuse
):
    api.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(URL).status_code == 200
    expected = 1 if connection.vendor == "postgresql" else 2  # skills: one more on SQLite
    assert len(ctx.captured_queries) == expected
    filtered = api.get(f"{URL}?capability={many_roles[0].capability}").json()["results"]
    assert filtered and {r["capability"] for r in filtered} == {many_roles[0].capability}
    assert len(prepared._prototypes) == 1  # the filtered request built its own query
