"""Apprentice seats in the browser: the role page's button, /me/ for mentors and apprentices."""

import pytest
from django.utils import timezone

from roles import services
from roles.models import Claim
from tests import factories
from tests.builders import signed_in
from tests.roles.me_queries import ME_MAX_QUERIES

APPRENTICE = Claim.Kind.APPRENTICE


def held_role(**kw):
    role = factories.RoleFactory(seats=1, apprentice_seats=kw.pop("apprentice_seats", 1), **kw)
    mentor = factories.ProfileFactory(user__display_name="Mira Mentor").user
    if not role.initiative.is_public:
        factories.MembershipFactory(user=mentor, organization=role.organization)
    services.claim_role(role=role, volunteer=mentor)
    return role, mentor


def test_role_page_shows_apprentice_seats_and_the_button(client, db):
    role, _ = held_role(apprentice_seats=2)
    signed_in(client, 8)
    page = client.get(f"/roles/{role.pk}/").content.decode()
    assert "Apprentice seats" in page and "2 of 2 left" in page
    assert f'action="/roles/{role.pk}/apprentice/"' in page and "Apply as apprentice" in page


def test_role_without_apprentice_seats_has_no_button(client, db):
    role = factories.RoleFactory()
    signed_in(client, 8)
    assert "Apply as apprentice" not in client.get(f"/roles/{role.pk}/").content.decode()


def test_apply_as_apprentice_without_javascript(client, db):
    role, mentor = held_role()
    user = signed_in(client, 8)
    page = client.post(f"/roles/{role.pk}/apprentice/", follow=True).content.decode()
    assert "You are an apprentice of this role; your mentor is Mira Mentor." in page
    claim = Claim.objects.get(volunteer=user)
    assert (claim.kind, claim.mentor) == (APPRENTICE, mentor)
    assert "0 of 1 left" in page


def test_apprentice_refusals_are_shown_as_messages(client, db):
    role, _ = held_role()
    services.claim_role(role=role, volunteer=factories.ProfileFactory().user, kind=APPRENTICE)
    signed_in(client, 8)
    page = client.post(f"/roles/{role.pk}/apprentice/", follow=True).content.decode()
    assert "All apprentice seats of this role are taken" in page
    lonely = factories.RoleFactory(apprentice_seats=1)
    page = client.post(f"/roles/{lonely.pk}/apprentice/", follow=True).content.decode()
    assert "Nobody can mentor an apprentice in this role yet" in page
    assert Claim.objects.filter(kind=APPRENTICE).count() == 1


def test_anonymous_apprentice_is_sent_to_log_in(client, db):
    role, _ = held_role()
    response = client.post(f"/roles/{role.pk}/apprentice/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Claim.objects.filter(kind=APPRENTICE).exists()


def test_another_organizations_private_role_cannot_be_applied_to(client, db):
    role, _ = held_role(initiative__is_public=False)
    signed_in(client, 8)
    assert client.get(f"/roles/{role.pk}/").status_code == 404
    assert client.post(f"/roles/{role.pk}/apprentice/").status_code == 404
    assert not Claim.objects.filter(kind=APPRENTICE).exists()


def test_me_shows_the_mentor_their_apprentices_and_the_apprentice_their_mentor(client, db):
    role, mentor = held_role()
    apprentice = factories.ProfileFactory(user__display_name="Ada Apprentice").user
    claim = services.claim_role(role=role, volunteer=apprentice, kind=APPRENTICE)
    services.contribution_log(claim=claim, volunteer=apprentice, date=timezone.localdate(),
                              hours=2, micro_improvements=3)

    client.force_login(mentor)
    page = client.get("/me/").content.decode() + client.get("/me/?tab=verify").content.decode()
    assert "Your apprentices" in page and "Ada Apprentice" in page
    assert role.title in page and "logged 2 h, 3 micro-improvements" in page
    assert "Ada Apprentice logged 2 h and 3 micro-improvements" in page  # in the mentor's queue

    client.force_login(apprentice)
    page = client.get("/me/").content.decode()
    assert "Apprentice — your mentor is Mira Mentor." in page
    assert "Your apprentices" not in page


def test_someone_of_another_organization_sees_none_of_it(client, db):
    role, _ = held_role(initiative__is_public=False)
    insider = factories.ProfileFactory(user__display_name="Ida Insider").user
    factories.MembershipFactory(user=insider, organization=role.organization)
    claim = services.claim_role(role=role, volunteer=insider, kind=APPRENTICE)
    services.contribution_log(claim=claim, volunteer=insider, date=timezone.localdate(), hours=1)
    signed_in(client, 8)  # a member of no organization: the initiative is private
    page = client.get("/me/").content.decode()
    assert "Ida Insider" not in page and "Your apprentices" not in page


@pytest.mark.parametrize("apprentices", [1, 8])
def test_me_query_count_does_not_grow_with_apprentices(client, db, apprentices,
                                                       django_assert_max_num_queries):
    mentor = signed_in(client, 80)
    for _ in range(apprentices):
        role = factories.RoleFactory(seats=1, apprentice_seats=1, hours_per_week=1)
        services.claim_role(role=role, volunteer=mentor)
        who = factories.ProfileFactory().user
        claim = services.claim_role(role=role, volunteer=who, kind=APPRENTICE)
        services.contribution_log(claim=claim, volunteer=who, date=timezone.localdate(), hours=1)
    with django_assert_max_num_queries(ME_MAX_QUERIES):
        response = client.get("/me/")
    assert len(response.context["apprentices"]) == apprentices


def test_role_page_tells_an_apprentice_where_they_stand(client, db):
    role, _ = held_role()
    me = signed_in(client, 8)
    services.claim_role(role=role, volunteer=me, kind=APPRENTICE)
    page = client.get(f"/roles/{role.pk}/").content.decode()
    assert "You hold an apprentice seat of this role" in page
    assert "This role is yours." not in page
