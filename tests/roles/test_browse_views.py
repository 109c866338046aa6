"""/roles/ and /roles/<id>/: filters, sorts, pagination, tenancy and flat query counts."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from crowddo.paging import BoundedPaginator
from initiatives.models import Region
from roles import selectors, services
from tests import factories


def titles(response):
    return [r.title for r in response.context["page"].object_list]


def test_lists_open_roles_of_public_initiatives_only(client, db):
    shown = factories.RoleFactory(title="Open public role")
    factories.RoleFactory(title="Closed role", status="closed")
    factories.RoleFactory(title="Draft initiative role", initiative__status="draft")
    factories.RoleFactory(title="Private org role", initiative__is_public=False)
    response = client.get("/roles/")
    assert response.status_code == 200
    assert titles(response) == [shown.title]
    assert "Private org role" not in response.content.decode()


def test_member_sees_own_organization_s_private_roles_but_not_another_s(client, db):
    mine = factories.RoleFactory(title="Ours, private", initiative__is_public=False)
    factories.RoleFactory(title="Theirs, private", initiative__is_public=False)
    member = factories.MembershipFactory(organization=mine.organization).user
    client.force_login(member)
    assert titles(client.get("/roles/")) == ["Ours, private"]


def test_filters_combine(client, db):
    skill = factories.SkillFactory(name="Mapping")
    country = factories.RegionFactory(name="Brazil")
    state = factories.RegionFactory(name="Pará", slug="para", level=Region.Level.STATE,
                                    parent=country)
    match = factories.RoleFactory(title="Mapper", hours_per_week=2, capability="inventing",
                                  region=state)
    match.skills.add(skill)
    match.initiative.sdgs.add(13)
    factories.RoleFactory(title="Too long", hours_per_week=6, capability="inventing", region=state)
    factories.RoleFactory(title="Wrong capability", capability="relating", region=state)
    query = (f"?skill={skill.slug}&capability=inventing&max_hours=3&region={country.pk}"
             f"&sdg=13&organization={match.organization.slug}&q=mapp")
    assert titles(client.get("/roles/" + query)) == ["Mapper"]


def test_remote_filter_adds_remote_roles_to_a_region(client, db):
    region = factories.RegionFactory()
    factories.RoleFactory(title="Here", region=region)
    factories.RoleFactory(title="Remote", is_remote=True)
    factories.RoleFactory(title="Elsewhere", region=factories.RegionFactory())
    response = client.get(f"/roles/?region={region.pk}&remote=on&sort=hours")
    assert sorted(titles(response)) == ["Here", "Remote"]


def test_collective_filter(client, db):
    collective = factories.CollectiveFactory()
    factories.RoleFactory(title="In", initiative__collective=collective)
    factories.RoleFactory(title="Out")
    assert titles(client.get(f"/roles/?collective={collective.slug}")) == ["In"]


def test_sorts_by_seats_left_counting_claims(client, db):
    roomy = factories.RoleFactory(title="Roomy", seats=5)
    tight = factories.RoleFactory(title="Tight", seats=2)
    services.claim_role(role=tight, volunteer=factories.ProfileFactory().user)
    assert titles(client.get("/roles/?sort=seats")) == [roomy.title, tight.title]
    assert titles(client.get("/roles/?sort=hours"))  # valid sort, no error


def test_empty_result_says_what_to_loosen(client, db):
    factories.RoleFactory(hours_per_week=5)
    page = client.get("/roles/?max_hours=1&q=nothing").content.decode()
    assert "No open role matches" in page
    assert "the search words" in page and "the hours limit" in page


def test_paginates_twelve_per_page(client, db):
    factories.RoleFactory.create_batch(14)
    first = client.get("/roles/")
    second = client.get("/roles/?page=2")
    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert "Page 1 of 2" in first.content.decode()


def test_htmx_filter_answers_with_the_results_partial(client, db):
    factories.RoleFactory(title="Partial role")
    response = client.get("/roles/?q=Partial", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "Partial role" in body and "<html" not in body


@pytest.mark.parametrize("rows", [3, 30])
def test_role_list_query_count_does_not_grow(client, db, django_assert_max_num_queries, rows):
    for _ in range(rows):
        role = factories.RoleFactory(seats=3, region=factories.RegionFactory())
        role.skills.add(factories.SkillFactory())
        services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    client.force_login(factories.ProfileFactory().user)
    with django_assert_max_num_queries(10):  # session, user, memberships, count, 5 selects, page
        response = client.get("/roles/?sort=seats&region=&capability=sensemaking")
    assert len(titles(response)) == min(rows, 12)


def test_role_detail_shows_what_the_role_owns_to_anonymous_visitors(client, db):
    role = factories.RoleFactory(responsibility="Keep the sheet true", seats=3,
                                 success_looks_like="Every row checked")
    page = client.get(f"/roles/{role.pk}/").content.decode()
    assert "Keep the sheet true" in page and "Every row checked" in page
    assert "3 of 3 left" in page
    assert "Log in to claim this role" in page


@pytest.mark.parametrize("make", [
    lambda: factories.RoleFactory(initiative__is_public=False),
    lambda: factories.RoleFactory(status="draft"),
])
def test_role_detail_of_another_organization_s_private_role_is_404(client, db, make):
    role = make()
    client.force_login(factories.ProfileFactory().user)
    assert client.get(f"/roles/{role.pk}/").status_code == 404
    assert client.post(f"/roles/{role.pk}/claim/").status_code == 404
    assert client.post(f"/roles/{role.pk}/waitlist/").status_code == 404


def _role_list_sql(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("url", ["/roles/", "/roles/?sort=seats", "/roles/?sort=hours",
                                 "/roles/?q=Role&capability=sensemaking&max_hours=4"])
def test_role_list_counts_at_most_the_bound_and_same_queries_at_any_size(client, db, url,
                                                                        monkeypatch):
    """No COUNT(*) over every matching role: the count reads at most bound + 1 rows, and
    the page costs the same queries with 3 or 30 roles; beyond the bound it says "many"."""
    monkeypatch.setattr(BoundedPaginator, "bound", 20)
    factories.RoleFactory.create_batch(3, hours_per_week=2)
    few = _role_list_sql(client, url)
    factories.RoleFactory.create_batch(27, hours_per_week=2)
    many = _role_list_sql(client, url)
    assert len(few) == len(many)
    counts = [s for s in many if s.startswith("SELECT COUNT(*)") and "roles_role" in s]
    assert len(counts) == 1 and "LIMIT 21" in counts[0]
    page = client.get(url).content.decode()
    assert "More than 20 open roles" in page and "Page 1 of many" in page
    last = client.get(url + ("&" if "?" in url else "?") + "page=2").content.decode()
    assert "narrow the filters to see the rest" in last


def test_search_matches_partial_words_in_title_responsibility_and_initiative(client, db):
    factories.RoleFactory(title="Treasurer", responsibility="Keep the books.")
    factories.RoleFactory(title="Greeter", responsibility="Welcome newcomers warmly.")
    factories.RoleFactory(title="Other", initiative__name="Riverbank cleanup")
    assert titles(client.get("/roles/?q=asure")) == ["Treasurer"]
    assert titles(client.get("/roles/?q=COMER")) == ["Greeter"]
    assert titles(client.get("/roles/?q=verba")) == ["Other"]


def test_search_and_seat_sort_never_reach_another_organization_s_private_roles(client, db):
    mine = factories.RoleFactory(title="Ours, private", initiative__is_public=False)
    factories.RoleFactory(title="Theirs, private", initiative__is_public=False, seats=9)
    member = factories.MembershipFactory(organization=mine.organization).user
    client.force_login(member)
    assert titles(client.get("/roles/?q=private")) == ["Ours, private"]
    assert titles(client.get("/roles/?q=theirs&sort=seats")) == []
    assert "Theirs" not in client.get("/roles/?sort=seats").content.decode()


@pytest.mark.parametrize("sort", ["newest", "hours", "seats"])
def test_a_page_reads_its_ids_first_and_lists_what_a_plain_slice_would(client, db, sort):
    """The page's rows are "id IN (this page's ids, in the list's order)": the joins and the
    per-role subqueries run for the page's 12 roles, not for the rows an OFFSET skips."""
    for n in range(30):
        factories.RoleFactory(title=f"Role {n:02}", seats=1 + n % 4, hours_per_week=1 + n % 5)
    ordered = list(selectors.role_list(None, QueryDict(f"sort={sort}")).qs
                   .values_list("title", flat=True))
    for page in (1, 2, 3):
        sql = _role_list_sql(client, f"/roles/?sort={sort}&page={page}")
        (rows,) = [s for s in sql if "success_looks_like" in s]
        offset = (page - 1) * 12
        cut = f"LIMIT {min(12, 30 - offset)}" + (f" OFFSET {offset}" if offset else "")
        assert "IN (SELECT" in rows and f"{cut})" in rows
        assert titles(client.get(f"/roles/?sort={sort}&page={page}")) == \
            ordered[(page - 1) * 12:page * 12]


def test_search_reads_the_initiative_side_as_one_array_on_postgresql(client, db):
    """One OR on the role (PostgreSQL: `initiative_id = ANY(ARRAY(…))`, which an index
    answers as one arm of a BitmapOr); elsewhere `IN (SELECT …)`."""
    factories.RoleFactory(title="Other", initiative__name="Riverbank cleanup")
    sql = _role_list_sql(client, "/roles/?q=verba")
    (count,) = [s for s in sql if s.startswith("SELECT COUNT(*)") and "roles_role" in s]
    shape = ('"initiative_id" = ANY(ARRAY(SELECT' if connection.vendor == "postgresql"
             else '"initiative_id" IN (SELECT')
    assert shape in count and "UNION" not in count
