"""Dashboard pages, charts and CSVs: access, bad input, and flat query counts."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from dashboards import services
from dashboards.models import GOAL_MARKS
from dashboards.selectors import pages as selectors
from tests import builders, factories


def grow(collective, orgs, where, size: int):
    """Add `size` initiatives with work in several districts, then roll everything up."""
    for i in range(size):
        org = orgs[i % len(orgs)]
        role = factories.RoleFactory(initiative__organization=org, seats=5,
                                     initiative__collective=collective,
                                     initiative__is_public=i % 3 != 2)
        boss = builders.staff(org)
        for district in ("east", "west"):
            person = builders.person(20)
            factories.MembershipFactory(user=person, organization=org)
            builders.work(role, person, [(1, 3 + i, where[district])], final="verified",
                          verifier=boss, verify_logs=True)
    services.rollup_everything()


@pytest.fixture
def world(db):
    where = builders.regions()
    collective, orgs = builders.collective_with(orgs=2)
    grow(collective, orgs, where, 1)
    member = factories.MembershipFactory(organization=orgs[0]).user
    return {"collective": collective, "orgs": orgs, "where": where, "member": member}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_dashboard_query_counts_do_not_grow_with_the_data(world, client):
    collective, org = world["collective"], world["orgs"][0]
    client.force_login(world["member"])
    urls = [f"/collectives/{collective.slug}/",
            f"/collectives/{collective.slug}/?region={world['where']['state'].pk}",
            f"/collectives/{collective.slug}/report/",
            f"/organizations/{org.slug}/dashboard/",
            f"/collectives/{collective.slug}/charts/regions.csv",
            f"/organizations/{org.slug}/dashboard/charts/initiatives.svg"]
    small = [queries(client, url) for url in urls]
    grow(collective, world["orgs"], world["where"], 6)
    large = [queries(client, url) for url in urls]
    assert large == small
    # 16 for the dashboards + the collective page's coverage grid and featured stories
    assert max(small) <= 20


def test_collective_page_shows_public_figures_with_tables_and_no_inline_code(world, client):
    response = client.get(f"/collectives/{world['collective'].slug}/")
    assert response.status_code == 200
    total = response.context["total"]
    assert total.micro_improvements == 6  # two districts × 3; the private one is not in it
    page = response.content.decode()
    assert "<table>" in page and "Download CSV" in page and "charts/progress.svg" in page
    assert "Gini of verified hours" in page and "Boundary spanners" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "inline script"
    assert 'style="' not in page
    assert "Content-Security-Policy" in response.headers


def test_chart_svg_and_csv_carry_the_same_numbers(world, client):
    base = f"/collectives/{world['collective'].slug}/charts/regions"
    svg = client.get(base + ".svg")
    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert "<svg" in body and "<script" not in body
    csv = client.get(base + ".csv")
    assert csv["Content-Disposition"].endswith('regions.csv"')
    assert csv.content.decode().splitlines()[1].startswith("Testland,6,")


def test_region_drill_down_lists_the_children(world, client):
    state = world["where"]["state"]
    response = client.get(f"/collectives/{world['collective'].slug}/?region={state.pk}")
    names = [r.region.name for r in response.context["region_rows"]]
    assert sorted(names) == ["East District", "West District"]


@pytest.mark.parametrize("url", [
    "/collectives/{slug}/?region=abc", "/collectives/{slug}/charts/nope.svg",
    "/collectives/{slug}/charts/progress.png", "/collectives/no-such-collective/",
])
def test_bad_input_answers_404_not_500(world, client, url):
    assert client.get(url.format(slug=world["collective"].slug)).status_code == 404


def test_report_with_a_malformed_month_shows_the_current_month(world, client):
    response = client.get(f"/collectives/{world['collective'].slug}/report/?month=20x6-99")
    assert response.status_code == 200
    assert response.context["start"].day == 1


def test_report_names_only_leaders_who_allow_it(world, client):
    shy = world["member"]
    bold = builders.person(20)
    bold.display_name, bold.show_in_reports = "Bold Leader", True
    bold.save()
    role = factories.RoleFactory(initiative__collective=world["collective"], seats=3,
                                 initiative__organization=world["orgs"][0])
    boss = builders.staff(world["orgs"][0])
    builders.work(role, bold, [(1, 9, world["where"]["east"])], verifier=boss, verify_logs=True)
    builders.work(role, shy, [(1, 20, world["where"]["east"])], verifier=boss, verify_logs=True)
    services.rollup_everything()
    page = client.get(f"/collectives/{world['collective'].slug}/report/").content.decode()
    assert "Bold Leader" in page and shy.display_name not in page


def test_a_private_collective_is_404_outside_its_organizations(world, client):
    collective = world["collective"]
    collective.is_public = False
    collective.save()
    assert client.get(f"/collectives/{collective.slug}/").status_code == 404
    client.force_login(factories.MembershipFactory().user)  # a second organization
    assert client.get(f"/collectives/{collective.slug}/report/").status_code == 404
    client.force_login(world["member"])
    assert client.get(f"/collectives/{collective.slug}/").status_code == 200


def test_an_organization_dashboard_is_for_its_members_only(world, client):
    org = world["orgs"][0]
    private = factories.InitiativeFactory(organization=org, is_public=False,
                                          name="Secret succession plan")
    services.refresh_initiative(initiative_id=private.pk)
    urls = [f"/organizations/{org.slug}/dashboard/",
            f"/organizations/{org.slug}/dashboard/charts/initiatives.csv",
            f"/organizations/{org.slug}/dashboard/charts/progress.svg"]
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(factories.MembershipFactory(organization=world["orgs"][1]).user)
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(world["member"])
    assert "Secret succession plan" in client.get(urls[1]).content.decode()
    assert client.get(urls[0]).status_code == 200


def test_csv_cells_cannot_run_as_spreadsheet_formulas(world, client):
    org = world["orgs"][0]
    factories.InitiativeFactory(organization=org, name="=HYPERLINK(1)", slug="formula")
    services.rollup_everything()
    client.force_login(world["member"])
    csv = client.get(f"/organizations/{org.slug}/dashboard/charts/initiatives.csv")
    assert "'=HYPERLINK(1)" in csv.content.decode()


def test_partials_for_the_initiative_page_and_me(world, django_assert_max_num_queries):
    initiative = world["collective"].initiatives.filter(is_public=True).first()
    with django_assert_max_num_queries(3):
        context = selectors.initiative_progress(initiative)
    html = render_to_string("dashboards/_initiative_progress.html", context)
    assert "of the goal" in html and initiative.goal_label in html
    assert "Gini of verified hours" in html
    person = initiative.roles.first().claims.first().volunteer
    with django_assert_max_num_queries(2):
        mine = selectors.volunteer_numbers(person)
    html = render_to_string("dashboards/_my_numbers.html", mine)
    assert mine["numbers"].micro_improvements == 3 and "hours verified by a peer" in html


def test_pages_without_milestones_name_the_first_goal_mark(db, client):
    mark = GOAL_MARKS[0]
    collective = factories.CollectiveFactory(is_public=True)
    page = client.get(f"/collectives/{collective.slug}/").content.decode()
    assert f"The first milestone is {mark} % of the goal." in page
    member = factories.MembershipFactory()
    client.force_login(member.user)
    page = client.get(f"/organizations/{member.organization.slug}/dashboard/").content.decode()
    assert f"The first milestone is {mark} % of an initiative's goal." in page
