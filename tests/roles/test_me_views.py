"""/me/ and its actions: claim, refusals in plain sentences, log, release, complete, verify."""

import datetime as dt

import pytest
from django.utils import timezone

from roles import services
from roles.models import Claim, Contribution, WaitlistEntry
from tests import builders, factories
from tests.builders import signed_in
from tests.roles.me_queries import ME_MAX_QUERIES


def test_claim_from_the_role_page(client, db):
    user = signed_in(client, 4)
    role = factories.RoleFactory(hours_per_week=2)
    response = client.post(f"/roles/{role.pk}/claim/", follow=True)
    assert "The role is yours" in response.content.decode()
    assert Claim.objects.get(role=role, volunteer=user).status == "active"


def test_anonymous_claim_is_sent_to_log_in_and_back_to_the_role(client, db):
    role = factories.RoleFactory()
    response = client.post(f"/roles/{role.pk}/claim/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert f"/roles/{role.pk}/" in response["Location"]
    assert not Claim.objects.exists()


def test_burnout_guard_refusal_shows_the_numbers(client, db):
    user = signed_in(client, 4)
    services.claim_role(role=factories.RoleFactory(hours_per_week=3), volunteer=user)
    role = factories.RoleFactory(hours_per_week=2)
    page = client.post(f"/roles/{role.pk}/claim/", follow=True).content.decode()
    assert "you hold 3 h of your 4 h a week; this role needs 2 h" in page
    assert "raise your capacity in your profile" in page


def test_full_role_offers_the_waitlist_and_joining_works(client, db):
    role = factories.RoleFactory(seats=1)
    services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    user = signed_in(client, 4)
    page = client.post(f"/roles/{role.pk}/claim/", follow=True).content.decode()
    assert "This role is full" in page and "Join the waitlist" in page
    page = client.post(f"/roles/{role.pk}/waitlist/", follow=True).content.decode()
    assert "You are on the waitlist" in page
    assert WaitlistEntry.objects.get(role=role).volunteer == user


def test_already_yours_refusal_over_htmx_returns_the_panel(client, db):
    user = signed_in(client, 4)
    role = factories.RoleFactory()
    services.claim_role(role=role, volunteer=user)
    response = client.post(f"/roles/{role.pk}/claim/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="claim-panel"' in body and "You already hold this role." in body
    assert "<html" not in body


def test_not_open_refusal(client, db):
    signed_in(client, 4)
    role = factories.RoleFactory(status="closed")
    page = client.post(f"/roles/{role.pk}/claim/", follow=True).content.decode()
    assert "not open for claims" in page


def test_log_contribution_release_and_complete(client, db):
    user = signed_in(client, 4)
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    response = client.post(f"/me/claims/{claim.pk}/log/", {
        "date": timezone.localdate().isoformat(), "hours": "1.5", "micro_improvements": "3",
        "region": "", "note": "Did it"})
    assert response.status_code == 302
    contribution = Contribution.objects.get(claim=claim)
    assert (contribution.hours, contribution.micro_improvements) == (1.5, 3)
    client.post(f"/me/claims/{claim.pk}/complete/", {"handoff_note": "All in the sheet"})
    claim.refresh_from_db()
    assert claim.status == "completed" and claim.handoff_note == "All in the sheet"
    other = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    client.post(f"/me/claims/{other.pk}/release/", {"handoff_note": ""})
    other.refresh_from_db()
    assert other.status == "released"


def test_htmx_log_returns_the_updated_claim_card(client, db):
    user = signed_in(client, 4)
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    response = client.post(f"/me/claims/{claim.pk}/log/", {
        "date": timezone.localdate().isoformat(), "hours": "2", "micro_improvements": "4"},
        HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert f'id="claim-{claim.pk}"' in body and "Logged so far: 2 h, 4 micro-improvements" in body


def test_peer_verifies_a_completed_claim_but_never_their_own(client, db):
    role = factories.RoleFactory(seats=3)
    doer = factories.ProfileFactory().user
    claim = services.claim_role(role=role, volunteer=doer)
    services.claim_complete(claim=claim, volunteer=doer)
    client.force_login(doer)
    assert client.post(f"/me/verify/claims/{claim.pk}/").status_code == 404

    peer = signed_in(client, 4)
    builders.give_standing(peer, role.initiative, role=role)  # verified work of their own there
    page = client.get("/me/?tab=verify").content.decode()
    assert "Verify completed role" in page
    client.post(f"/me/verify/claims/{claim.pk}/", {"comment": "Seen it"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED


def test_outsider_cannot_verify(client, db):
    doer = factories.ProfileFactory().user
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=doer)
    contribution = services.contribution_log(claim=claim, volunteer=doer,
                                             date=timezone.localdate(), hours=1)
    services.claim_complete(claim=claim, volunteer=doer)
    signed_in(client, 4)
    assert client.post(f"/me/verify/claims/{claim.pk}/").status_code == 404
    assert client.post(f"/me/verify/contributions/{contribution.pk}/").status_code == 404


def test_another_volunteer_s_claim_is_404_for_every_action(client, db):
    claim = services.claim_role(role=factories.RoleFactory(),
                                volunteer=factories.ProfileFactory().user)
    signed_in(client, 4)
    for action in ("log", "release", "complete"):
        assert client.post(f"/me/claims/{claim.pk}/{action}/").status_code == 404
    claim.refresh_from_db()
    assert claim.status == "active"


def test_waitlist_offer_accept_from_me(client, db):
    role = factories.RoleFactory(seats=1)
    holder = factories.ProfileFactory().user
    claim = services.claim_role(role=role, volunteer=holder)
    user = signed_in(client, 4)
    entry = services.waitlist_join(role=role, volunteer=user)
    services.claim_release(claim=claim, volunteer=holder)
    assert "a seat is held for you" in client.get("/me/").content.decode()
    client.post(f"/me/waitlist/{entry.pk}/accept/")
    assert Claim.objects.get(role=role, volunteer=user).status == "active"


def test_leadership_journey_shows_the_rules_and_the_level(client, db):
    user = signed_in(client, 20)
    verifier = factories.ProfileFactory().user
    for capability in ("sensemaking", "relating", "visioning"):
        role = factories.RoleFactory(capability=capability)
        factories.MembershipFactory(user=verifier, organization=role.organization,
                                    level="orchestrator")
        claim = services.claim_role(role=role, volunteer=user)
        services.claim_complete(claim=claim, volunteer=user)
        services.claim_verify(claim=claim, verifier=verifier)
    page = client.get("/me/?tab=numbers").content.decode()
    assert "Steward</strong> — your level" in page
    assert "At least 5 verified roles in at least 2 initiatives" in page
    assert "Inventing</strong>: 0 verified roles" in page


@pytest.mark.parametrize("claims", [1, 15])
def test_me_query_count_does_not_grow(client, db, django_assert_max_num_queries, claims):
    user = signed_in(client, 80)
    peer = factories.ProfileFactory(weekly_capacity_hours=80).user
    for i in range(claims):
        role = factories.RoleFactory(seats=3, hours_per_week=1)
        mine = services.claim_role(role=role, volunteer=user)
        services.contribution_log(claim=mine, volunteer=user, date=timezone.localdate(), hours=1)
        theirs = services.claim_role(role=role, volunteer=peer)
        services.contribution_log(claim=theirs, volunteer=peer, date=timezone.localdate(),
                                  hours=1)
        if i % 2:
            services.claim_complete(claim=mine, volunteer=user)
            services.claim_complete(claim=theirs, volunteer=peer)
        services.waitlist_join(role=_full_role(), volunteer=user)
    for tab in ("verify", "numbers", "proposals", "roles"):  # each tab of the workspace
        with django_assert_max_num_queries(ME_MAX_QUERIES):
            response = client.get(f"/me/?tab={tab}")
        assert response.status_code == 200
    assert response.context["active"].paginator.count \
        + response.context["completed"].paginator.count == claims


def test_active_roles_are_paginated_and_the_week_counts_them_all(client, db):
    user = signed_in(client, 40)
    titles = [f"Steward {i:02d}" for i in range(7)]
    for title in titles:
        services.claim_role(role=factories.RoleFactory(title=title, hours_per_week=2),
                            volunteer=user)
    first = client.get("/me/?tab=roles").content.decode()
    second = client.get("/me/?tab=roles&active=2").content.decode()
    on_first = [t for t in titles if t in first]
    on_second = [t for t in titles if t in second]
    assert len(on_first) == 5 and len(on_second) == 2
    assert set(on_first) | set(on_second) == set(titles)
    assert 'href="?tab=roles&amp;active=2"' in first and "Page 1 of 2" in first
    assert "You hold 14 h of your 40 h a week." in second  # every active role, not one page


def _full_role():
    role = factories.RoleFactory(seats=1, hours_per_week=1)
    services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    return role


def test_contribution_dates_before_the_claim_are_a_form_error(client, db):
    user = signed_in(client, 4)
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    old = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    response = client.post(f"/me/claims/{claim.pk}/log/", {"date": old, "hours": "1",
                                                           "micro_improvements": "0"})
    assert response.status_code == 200
    assert "before you claimed this role" in response.content.decode()
    assert not Contribution.objects.exists()


def test_me_requires_login(client, db):
    response = client.get("/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_me_never_shows_another_organization_s_private_work(client, db):
    private_role = factories.RoleFactory(title="Their private role",
                                         initiative__is_public=False)
    member = factories.MembershipFactory(organization=private_role.organization).user
    factories.ProfileFactory(user=member)
    claim = services.claim_role(role=private_role, volunteer=member)
    services.contribution_log(claim=claim, volunteer=member, date=timezone.localdate(), hours=1)
    services.claim_complete(claim=claim, volunteer=member)
    signed_in(client, 4)
    page = client.get("/me/").content.decode()
    assert "Their private role" not in page
