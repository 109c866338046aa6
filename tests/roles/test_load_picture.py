"""Load across organizations: the capacity guard counts every organization's roles, and /me/
pictures the week's load per organization against the capacity."""

import re

import pytest

from crowddo.errors import OverCapacity
from roles import services
from roles.models import Claim
from roles.selectors.load import WIDTH, week_load
from roles.views.me import ACTIVE_PER_PAGE
from tests import factories
from tests.roles.me_queries import ME_MAX_QUERIES


def two_org_roles(hours=(3, 2)):
    a = factories.RoleFactory(hours_per_week=hours[0], initiative__organization__name="Org A")
    b = factories.RoleFactory(hours_per_week=hours[1], initiative__organization__name="Org B")
    assert a.organization_id != b.organization_id
    return a, b


def test_capacity_guard_counts_roles_in_every_organization(db):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=4).user
    a, b = two_org_roles(hours=(3, 2))
    services.claim_role(role=a, volunteer=volunteer)
    with pytest.raises(OverCapacity, match="you hold 3 h of your 4 h"):
        services.claim_role(role=b, volunteer=volunteer)
    assert services.active_hours(volunteer) == 3
    assert not Claim.objects.filter(role=b).exists()


def test_week_load_stacks_hours_per_organization(db):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=10).user
    a, b = two_org_roles(hours=(3, 2))
    claims = [services.claim_role(role=r, volunteer=volunteer) for r in (a, b)]
    load = week_load(claims, capacity=10)
    assert [(s.organization, s.hours) for s in load.segments] == [("Org A", 3), ("Org B", 2)]
    assert load.total == 5 and load.free == 5 and load.over == 0
    assert load.segments[1].x == load.segments[0].width == WIDTH * 3 / 10
    assert load.capacity_x == WIDTH


def test_week_load_marks_what_is_over_capacity(db):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=10).user
    claims = [services.claim_role(role=r, volunteer=volunteer) for r in two_org_roles((3, 2))]
    load = week_load(claims, capacity=4)  # capacity lowered after claiming
    assert load.over == 1 and load.capacity_x == WIDTH * 4 / 5
    assert load.over_x == load.capacity_x and load.over_width == WIDTH / 5


def test_me_shows_the_load_picture_with_a_table_and_no_inline_style(client, db):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=10).user
    for role in two_org_roles((3, 2)):
        services.claim_role(role=role, volunteer=volunteer)
    volunteer.profile.weekly_capacity_hours = 4
    volunteer.profile.save()
    client.force_login(volunteer)
    page = client.get("/me/").content.decode()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg
    assert 'class="load-over"' in svg
    assert re.search(r"<td>Org A</td><td>3 h</td>", page)
    assert re.search(r"<td>Org B</td><td>2 h</td>", page)
    assert "Over capacity</th><td>1 h" in page
    assert "css/rotation.css" in page


def test_me_load_shows_only_the_volunteer_s_own_claims(client, db):
    other = factories.ProfileFactory(weekly_capacity_hours=10).user
    secret = factories.RoleFactory(initiative__organization__name="Secret Org",
                                   initiative__is_public=False)
    factories.MembershipFactory(organization=secret.organization, user=other)
    services.claim_role(role=secret, volunteer=other)
    me = factories.ProfileFactory(weekly_capacity_hours=4).user
    client.force_login(me)
    page = client.get("/me/").content.decode()
    assert "Secret Org" not in page and "No active role this week." in page


@pytest.mark.parametrize("orgs", [1, 8])
def test_me_with_terms_and_the_load_picture_keeps_its_query_count(
    client, db, django_assert_max_num_queries, orgs
):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=40).user
    for _ in range(orgs):
        role = factories.RoleFactory(hours_per_week=1, term_weeks=1)  # term ends within a week
        services.claim_role(role=role, volunteer=volunteer)
    client.force_login(volunteer)
    with django_assert_max_num_queries(ME_MAX_QUERIES):
        page = client.get("/me/").content.decode()
    # The load picture shows every claim; the active roles (with their term boxes) are
    # paginated, ACTIVE_PER_PAGE a page, each page in the same number of queries.
    assert page.count('class="load-seg-') == orgs
    terms = page.count("renew or hand over")
    assert terms == min(orgs, ACTIVE_PER_PAGE)
    if orgs > ACTIVE_PER_PAGE:
        with django_assert_max_num_queries(ME_MAX_QUERIES):
            rest = client.get("/me/?active=2").content.decode()
        terms += rest.count("renew or hand over")
    assert terms == orgs


@pytest.mark.parametrize("notes", [1, 10])
def test_role_page_with_hand_off_notes_keeps_its_query_count(
    client, db, django_assert_max_num_queries, notes
):
    from people.models import Membership

    role = factories.RoleFactory(seats=1)
    for i in range(notes):
        claim = services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
        services.claim_release(claim=claim, volunteer=claim.volunteer, handoff_note=f"Note {i}")
    client.force_login(factories.MembershipFactory(organization=role.organization,
                                                   level=Membership.Level.ORCHESTRATOR).user)
    with django_assert_max_num_queries(10):  # the page (9) + the notes (1), however many
        page = client.get(f"/roles/{role.pk}/").content.decode()
    assert page.count("What is done</dt>") == notes
