"""Statistics endpoints read the roll-up tables (totals, days, regions, leadership) and serve
each caller the audience it may see."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services as dashboards_services
from dashboards.models import Audience, Kind
from dashboards.selectors import pages as dashboard_selectors
from roles import services as roles_services
from roles.models import Claim
from tests import builders, factories
from tests.builders import API, api_key, bearer


def log(role, person, days_ago: int, micro: int, region=None, *, verify=True):
    """A claim backdated a week, and one contribution `days_ago` days ago, verified by an
    orchestrator of the organization (only verified work counts) unless `verify` is False."""
    claim = Claim.objects.filter(role=role, volunteer=person).first() or \
        roles_services.claim_role(role=role, volunteer=person)
    Claim.objects.filter(pk=claim.pk).update(claimed_at=timezone.now() - dt.timedelta(days=7))
    claim.refresh_from_db()
    done = roles_services.contribution_log(
        claim=claim, volunteer=person, date=timezone.localdate() - dt.timedelta(days=days_ago),
        hours=Decimal("1.5"), micro_improvements=micro, region=region)
    if not verify:
        return done
    return roles_services.contribution_verify(contribution=done,
                                              verifier=builders.staff(role.organization))


def refresh(*initiatives):
    for initiative in initiatives:
        dashboards_services.refresh_initiative(initiative_id=initiative.pk)


@pytest.fixture
def world(tenants):
    """The two-tenant world with each tenant's logged work verified by an orchestrator and
    rolled up again, so that it counts."""
    for t in tenants.values():
        roles_services.contribution_verify(contribution=t.contribution,
                                           verifier=builders.staff(t.org))
        refresh(t.public_initiative, t.private_initiative)
    return tenants


def test_an_organizations_own_key_sees_its_all_row_others_its_public_row(api, world):
    a, b = world["a"], world["b"]
    url = f"{API}stats/organizations/{a.org.slug}/"
    # A's only contribution is in its private initiative: the public row has none of it.
    for raw in (None, b.keys["read"]):
        body = api.get(url, **bearer(raw)).json()
        assert (body["audience"], body["contributions"], body["micro_improvements"]) == \
            ("public", 0, 0)
        assert body["initiatives"] == 1  # the open initiative only
    own = api.get(url, **bearer(a.keys["read"])).json()
    assert (own["audience"], own["contributions"], own["micro_improvements"]) == ("all", 1, 3)
    assert own["initiatives"] == 2 and own["volunteers"] == 1
    listed = {row["organization"]["slug"]: row["audience"] for row in
              api.get(f"{API}stats/organizations/", **bearer(a.keys["read"])).json()["results"]}
    assert listed == {"org-a": "all", "org-b": "public"}


def test_an_organizations_series_follows_the_same_audiences(api, world):
    a, b = world["a"], world["b"]
    url = f"{API}stats/organizations/{a.org.slug}/series/"
    assert api.get(url).json()["results"] == []
    assert api.get(url, **bearer(b.keys["read"])).json()["results"] == []
    own = api.get(url, **bearer(a.keys["read"])).json()["results"]
    assert [(d["day"], d["micro_improvements"], d["volunteers"]) for d in own] == [
        (str(timezone.localdate()), 3, 1)]


def test_initiative_series_is_daily_with_running_totals_a_date_range_and_a_cursor(api, world):
    a = world["a"]
    role = factories.RoleFactory(initiative=a.public_initiative, seats=2)
    first, second = builders.person(20), builders.person(20)
    log(role, first, 3, 4)
    log(role, second, 3, 1)
    log(role, first, 1, 5)
    refresh(a.public_initiative)
    url = f"{API}stats/initiatives/{a.public_initiative.slug}/series/"
    days = api.get(url).json()["results"]
    day = lambda n: str(timezone.localdate() - dt.timedelta(days=n))  # noqa: E731
    assert [(d["day"], d["micro_improvements"], d["volunteers"],
             d["cumulative_micro_improvements"]) for d in days] == [
        (day(3), 5, 2, 5), (day(1), 5, 1, 10)]
    assert [d["day"] for d in api.get(url, {"since": day(2)}).json()["results"]] == [day(1)]
    assert [d["day"] for d in api.get(url, {"until": day(2)}).json()["results"]] == [day(3)]
    page = api.get(url, {"page_size": 1}).json()
    assert [d["day"] for d in page["results"]] == [day(3)]
    assert [d["day"] for d in api.get(page["next"]).json()["results"]] == [day(1)]
    bad = api.get(url, {"since": "last week"})
    assert bad.status_code == 400 and bad.json()["message"].startswith("since:")


def test_a_private_initiatives_totals_and_series_are_its_organizations_only(api, world):
    a, b = world["a"], world["b"]
    for path in ("", "series/"):
        url = f"{API}stats/initiatives/{a.private_initiative.slug}/{path}"
        assert api.get(url).status_code == 404
        assert api.get(url, **bearer(b.keys["read"])).status_code == 404
        assert api.get(url, **bearer(a.keys["read"])).status_code == 200
    body = api.get(f"{API}stats/initiatives/{a.private_initiative.slug}/",
                   **bearer(a.keys["read"])).json()
    assert (body["audience"], body["micro_improvements"], body["volunteers"]) == ("all", 3, 1)
    public = api.get(f"{API}stats/initiatives/{a.public_initiative.slug}/").json()
    assert public["audience"] == "public"


def test_a_collective_counts_a_volunteer_in_two_initiatives_once(api, db):
    collective, (org_a, org_b) = builders.collective_with(2)
    one = factories.InitiativeFactory(organization=org_a, collective=collective)
    two = factories.InitiativeFactory(organization=org_b, collective=collective)
    person = builders.person(20)
    for initiative in (one, two):
        log(factories.RoleFactory(initiative=initiative), person, 0, 2)
    refresh(one, two)
    by_slug = {r["initiative"]["slug"]: r["volunteers"]
               for r in api.get(f"{API}stats/initiatives/").json()["results"]}
    assert by_slug[one.slug] + by_slug[two.slug] == 2
    body = api.get(f"{API}stats/collectives/{collective.slug}/").json()
    assert (body["volunteers"], body["micro_improvements"], body["percent"]) == (1, 4, 4)
    series = api.get(f"{API}stats/collectives/{collective.slug}/series/").json()["results"]
    assert [(d["volunteers"], d["micro_improvements"]) for d in series] == [(1, 4)]


def build_regional(*, verify=True):
    """A public collective with work in two districts of one state, and a private one; the
    work verified by an orchestrator (and so counted) unless `verify` is False."""
    place = builders.regions()
    collective, (org, _) = builders.collective_with(2)
    initiative = factories.InitiativeFactory(organization=org, collective=collective)
    role = factories.RoleFactory(initiative=initiative, seats=3)
    log(role, builders.person(20), 2, 3, place["east"], verify=verify)
    log(role, builders.person(20), 0, 4, place["west"], verify=verify)
    hidden = factories.CollectiveFactory(is_public=False, coordinator=org)
    secret = factories.InitiativeFactory(organization=org, collective=hidden)
    log(factories.RoleFactory(initiative=secret), builders.person(20), 0, 9, place["east"],
        verify=verify)
    refresh(initiative, secret)
    return {"collective": collective, "hidden": hidden, "org": org, **place}


@pytest.fixture
def regional(db):
    return build_regional()


def test_regions_come_per_collective_at_every_level_with_distinct_volunteers(api, regional):
    rows = api.get(f"{API}stats/regions/").json()["results"]
    assert {r["collective"]["slug"] for r in rows} == {regional["collective"].slug}
    got = {(r["region"]["name"], r["level"]): (r["micro_improvements"], r["volunteers"])
           for r in rows}
    assert got == {("Testland", "country"): (7, 2), ("North", "state"): (7, 2),
                   ("East District", "district"): (3, 1), ("West District", "district"): (4, 1)}
    inside = api.get(f"{API}stats/regions/", {"parent": regional["state"].pk}).json()["results"]
    assert {r["region"]["name"] for r in inside} == {"East District", "West District"}
    states = api.get(f"{API}stats/regions/", {"level": "state"}).json()["results"]
    assert [r["region"]["name"] for r in states] == ["North"]


def test_region_series_by_day_with_level_and_filters(api, regional):
    url = f"{API}stats/regions/series/"
    rows = api.get(url, {"collective": regional["collective"].slug, "level": "district"}).json()
    today, before = str(timezone.localdate()), str(timezone.localdate() - dt.timedelta(days=2))
    assert [(r["day"], r["region"]["name"], r["level"], r["micro_improvements"])
            for r in rows["results"]] == [(before, "East District", "district", 3),
                                         (today, "West District", "district", 4)]
    since = api.get(url, {"region": regional["country"].pk, "since": today}).json()["results"]
    assert [(r["day"], r["micro_improvements"]) for r in since] == [(today, 4)]


def test_a_private_collectives_regions_are_for_its_members_only(api, regional):
    _, raw = api_key(regional["org"])
    hidden = regional["hidden"].slug
    assert api.get(f"{API}stats/regions/", {"collective": hidden}).json()["results"] == []
    own = api.get(f"{API}stats/regions/", {"collective": hidden}, **bearer(raw)).json()
    assert {r["micro_improvements"] for r in own["results"]} == {9}
    assert api.get(f"{API}stats/collectives/{hidden}/series/").status_code == 404


def test_leadership_serves_every_dashboard_measure_with_its_explanation(api, db):
    # Leadership counts a verifier as a participant; none of these measures needs counted
    # work, so the work stays unverified and the two volunteers are the only participants.
    regional = build_regional(verify=False)
    collective = regional["collective"]
    rows = api.get(f"{API}leadership/", {"collective": collective.slug}).json()["results"]
    assert len(rows) == 1 and rows[0]["kind"] == "collective"
    measures = rows[0]["measures"]
    shown = dashboard_selectors.leadership(Kind.COLLECTIVE, collective.pk, Audience.PUBLIC)
    assert [(m["label"], m["display"], m["explanation"], m["detail"]) for m in measures] == [
        (str(s.label), s.value, str(s.explanation), s.detail) for s in shown]
    keys = {m["key"]: m["value"] for m in measures}
    assert keys["boundary_spanners"] == 0 and keys["role_holder_share"] == 1.0
    assert rows[0]["participants"] == 2 and rows[0]["capabilities"]


def test_leadership_audiences_and_csv_columns(api, tenants):
    # The two-tenant world as built (work unverified, so no verifier joins the participants):
    # these measures and audiences need no counted work.
    a, b = tenants["a"], tenants["b"]
    anonymous = api.get(f"{API}leadership/", {"kind": "organization"}).json()["results"]
    assert {(r["scope"]["slug"], r["audience"]) for r in anonymous} == {
        ("org-a", "public"), ("org-b", "public")}
    own = api.get(f"{API}leadership/", {"kind": "organization"},
                  **bearer(a.keys["read"])).json()["results"]
    assert {(r["scope"]["slug"], r["audience"]) for r in own} == {
        ("org-a", "all"), ("org-b", "public")}
    private = [r for r in api.get(f"{API}leadership/", {"kind": "initiative"},
                                  **bearer(b.keys["read"])).json()["results"]
               if r["scope"]["slug"] == a.private_initiative.slug]
    assert private == []
    text = api.get(f"{API}leadership/?format=csv&kind=initiative",
                   **bearer(a.keys["read"])).content.decode()
    row = next(r for r in csv.DictReader(io.StringIO(text))
               if r["scope.slug"] == a.private_initiative.slug)
    assert row["audience"] == "all" and row["measures.role_holder_share"] == "1.0"


def test_series_cost_the_same_queries_with_more_days(api, world,
                                                     django_assert_max_num_queries):
    a = world["a"]
    url = f"{API}stats/initiatives/{a.public_initiative.slug}/series/"
    raw = a.keys["read"]
    api.get(url, **bearer(raw))
    role = factories.RoleFactory(initiative=a.public_initiative, seats=5)
    person = builders.person(20)
    log(role, person, 0, 1)
    refresh(a.public_initiative)
    with django_assert_max_num_queries(3) as few:  # key, initiative, page of days
        assert api.get(url, **bearer(raw)).status_code == 200
    for days_ago in range(1, 6):
        log(role, person, days_ago, 1)
    refresh(a.public_initiative)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(url, **bearer(raw)).json()["results"]) == 6


def test_series_answer_304_to_a_matching_etag(api, world):
    url = f"{API}stats/organizations/{world['a'].org.slug}/series/"
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_totals_carry_changed_at_which_moves_only_when_a_figure_changes(api, world):
    a, b = world["a"], world["b"]
    url = f"{API}stats/organizations/{a.org.slug}/"
    own = api.get(url, **bearer(a.keys["read"])).json()
    public = api.get(url, **bearer(b.keys["read"])).json()
    assert own["changed_at"] is not None and public["changed_at"] is not None
    refresh(a.public_initiative, a.private_initiative)  # the same figures: the stamps stay
    assert api.get(url, **bearer(a.keys["read"])).json()["changed_at"] == own["changed_at"]
    assert api.get(url, **bearer(b.keys["read"])).json()["changed_at"] == public["changed_at"]
    log(factories.RoleFactory(initiative=a.public_initiative, seats=3),
        builders.person(capacity=40), days_ago=0, micro=2)
    dashboards_services.apply_initiative(initiative_id=a.public_initiative.pk)
    moved = api.get(url, **bearer(a.keys["read"])).json()
    assert moved["changed_at"] > own["changed_at"] and moved["micro_improvements"] == 5
    # another organization's key reads the public row: moved by the public work as well
    seen = api.get(url, **bearer(b.keys["read"])).json()
    assert seen["audience"] == "public" and seen["micro_improvements"] == 2
    assert seen["changed_at"] > public["changed_at"]
