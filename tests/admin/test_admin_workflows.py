"""What orchestrators do in the admin, end to end over HTTP, each through its service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from initiatives.models import CollectiveMembership, Decision, Initiative
from people import services as people_services
from people.models import ApiKey, Invitation, Membership, User
from roles import services
from roles.models import Claim, Contribution, Proposal, Role
from tests import factories


@pytest.fixture
def initiative(org):
    return factories.InitiativeFactory(organization=org)


@pytest.fixture
def as_orchestrator(client, orchestrator):
    client.force_login(orchestrator)
    return client


def act(client, model_path, action, pks, **extra):
    data = {"action": action, "_selected_action": [str(pk) for pk in pks], **extra}
    return client.post(f"/admin/{model_path}/", data)


def test_orchestrators_and_owners_get_in_members_do_not(client, org, orchestrator):
    member = factories.MembershipFactory(organization=org).user
    client.force_login(member)
    assert client.get("/admin/").status_code == 302  # to the admin login
    client.force_login(orchestrator)
    assert client.get("/admin/").status_code == 200


def test_release_and_expire_claims_free_the_seats(as_orchestrator, initiative, volunteer):
    role = factories.RoleFactory(initiative=initiative, seats=1, hours_per_week=1)
    claim = services.claim_role(role=role, volunteer=volunteer)
    act(as_orchestrator, "roles/claim", "release_claims", [claim.pk], apply="1",
        reason="The project changed course.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RELEASED
    again = services.claim_role(role=role, volunteer=volunteer)  # the seat is free again
    act(as_orchestrator, "roles/claim", "expire_claims", [again.pk])
    assert Claim.objects.get(pk=again.pk).status == Claim.Status.EXPIRED


def test_verify_contribution(as_orchestrator, initiative, volunteer):
    role = factories.RoleFactory(initiative=initiative, hours_per_week=1)
    claim = services.claim_role(role=role, volunteer=volunteer)
    contribution = services.contribution_log(claim=claim, volunteer=volunteer,
                                             date=timezone.localdate(), hours=Decimal("1"))
    act(as_orchestrator, "roles/contribution", "verify_contributions", [contribution.pk])
    assert Contribution.objects.get(pk=contribution.pk).status == "verified"


def test_accept_and_decline_proposals(as_orchestrator, initiative):
    author = factories.UserFactory()
    good = services.proposal_submit(initiative=initiative, author=author, title="Tree census",
                                    description="Count trees.")
    bad = services.proposal_submit(initiative=initiative, author=author, title="Moon base",
                                   description="Too far.")
    act(as_orchestrator, "roles/proposal", "accept_proposals", [good.pk])
    assert Role.objects.get(title="Tree census").proposed_by == author
    form = act(as_orchestrator, "roles/proposal", "decline_proposals", [bad.pk])
    assert form.status_code == 200 and "reason" in form.context["form"].fields
    act(as_orchestrator, "roles/proposal", "decline_proposals", [bad.pk], apply="1",
        reason="Out of scope for this initiative.")
    bad.refresh_from_db()
    assert (bad.status, bad.decline_reason) == (Proposal.Status.DECLINED,
                                                "Out of scope for this initiative.")


def test_role_bulk_actions(as_orchestrator, initiative, org, other_org):
    roles = [factories.RoleFactory(initiative=initiative, stale_after_days=14) for _ in range(2)]
    pks = [r.pk for r in roles]
    act(as_orchestrator, "roles/role", "close_roles", pks)
    assert set(Role.objects.filter(pk__in=pks).values_list("status", flat=True)) == {"closed"}
    act(as_orchestrator, "roles/role", "open_roles", pks)
    act(as_orchestrator, "roles/role", "extend_stale", pks, apply="1", days="7")
    assert set(Role.objects.filter(pk__in=pks).values_list("stale_after_days", flat=True)) \
        == {21}
    target = factories.InitiativeFactory(organization=org)
    act(as_orchestrator, "roles/role", "duplicate_roles", pks, apply="1",
        initiative=str(target.pk))
    assert target.roles.count() == 2
    assert set(target.roles.values_list("status", flat=True)) == {"draft"}
    foreign = factories.InitiativeFactory(organization=other_org)
    page = act(as_orchestrator, "roles/role", "duplicate_roles", pks, apply="1",
               initiative=str(foreign.pk))
    assert "initiative" in page.context["form"].errors
    assert not foreign.roles.exists()


def test_role_form_shows_a_service_refusal_as_a_form_error(as_orchestrator, initiative,
                                                           volunteer):
    role = factories.RoleFactory(initiative=initiative, seats=1, hours_per_week=1)
    services.claim_role(role=role, volunteer=volunteer)
    page = as_orchestrator.get(f"/admin/roles/role/{role.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update({"seats": "0", "skills": [], "claims-TOTAL_FORMS": "1",
                 "claims-INITIAL_FORMS": "1", "title": "Renamed"})
    response = as_orchestrator.post(f"/admin/roles/role/{role.pk}/change/", data)
    assert response.status_code == 200
    assert "seat" in str(response.context["adminform"].form.errors)  # in plain words
    assert Role.objects.get(pk=role.pk).title != "Renamed"


def test_publish_and_close_initiatives(as_orchestrator, org):
    draft = factories.InitiativeFactory(organization=org, status="draft")
    act(as_orchestrator, "initiatives/initiative", "publish", [draft.pk])
    assert Initiative.objects.get(pk=draft.pk).status == "active"
    form = act(as_orchestrator, "initiatives/initiative", "close_with_outcome", [draft.pk])
    assert "Outcome statement" in form.content.decode()  # asks for the outcome first
    act(as_orchestrator, "initiatives/initiative", "close_with_outcome", [draft.pk],
        apply="1", outcome="Forty schools mapped; the city took the map over.")
    closed = Initiative.objects.get(pk=draft.pk)
    assert closed.status == "closed" and closed.outcome.startswith("Forty schools")


def test_api_key_is_shown_once_and_can_be_revoked(as_orchestrator, org):
    page = as_orchestrator.post("/admin/people/apikey/add/",
                                {"organization": str(org.pk), "name": "Partner"})
    plaintext = page.context["plaintext"]
    key = people_services.api_key_authenticate(plaintext)
    assert key is not None and not key.can_write and key.organization == org
    listing = as_orchestrator.get("/admin/people/apikey/").content.decode()
    detail = as_orchestrator.get(f"/admin/people/apikey/{key.pk}/change/").content.decode()
    assert plaintext.split(".")[1] not in listing + detail
    act(as_orchestrator, "people/apikey", "revoke", [key.pk])
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert people_services.api_key_authenticate(plaintext) is None


def test_owners_invite_and_change_members_orchestrators_cannot(client, org, owner,
                                                               orchestrator):
    client.force_login(orchestrator)
    assert client.get("/admin/people/invitation/add/").status_code == 403
    client.force_login(owner)
    assert client.get("/admin/people/membership/add/").status_code == 403  # by invitation only
    client.post("/admin/people/invitation/add/",
                {"organization": str(org.pk), "email": "new@example.org",
                 "level": "orchestrator"})
    invitation = Invitation.objects.get(user__email="new@example.org")
    assert not Membership.objects.filter(user=invitation.user).exists()
    people_services.invitation_accept(token=invitation.token, user=invitation.user)
    membership = Membership.objects.get(user__email="new@example.org")
    assert membership.level == "orchestrator" and membership.user.is_staff
    client.post(f"/admin/people/membership/{membership.pk}/change/", {"level": "member"})
    assert not User.objects.get(pk=membership.user_id).is_staff
    act(client, "people/membership", "remove_memberships", [membership.pk])
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_collective_invitation_is_accepted_by_an_owner_of_the_invited_org(
        client, org, owner, other_org):
    collective = factories.CollectiveFactory(coordinator=org)
    client.force_login(owner)
    page = client.get(f"/admin/initiatives/collective/{collective.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update({"invite": other_org.slug, "sdgs": [],
                 "collectivemembership_set-TOTAL_FORMS": "0",
                 "collectivemembership_set-INITIAL_FORMS": "0"})
    client.post(f"/admin/initiatives/collective/{collective.pk}/change/", data)
    invitation = CollectiveMembership.objects.get(collective=collective, organization=other_org)
    assert invitation.status == "invited"
    their_orchestrator = factories.MembershipFactory(organization=other_org,
                                                     level="orchestrator").user
    client.force_login(their_orchestrator)
    act(client, "initiatives/collectivemembership", "accept", [invitation.pk])
    assert CollectiveMembership.objects.get(pk=invitation.pk).status == "invited"
    their_owner = factories.MembershipFactory(organization=other_org, level="owner").user
    client.force_login(their_owner)
    act(client, "initiatives/collectivemembership", "accept", [invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("active", their_owner)


def test_decisions_are_recorded_for_own_initiatives(as_orchestrator, initiative, orchestrator):
    as_orchestrator.post("/admin/initiatives/decision/add/", {
        "initiative": str(initiative.pk), "decided_on": str(dt.date(2026, 3, 1)),
        "title": "Meet weekly", "rationale": "Momentum.", "decided_by": "The circle"})
    decision = Decision.objects.get(title="Meet weekly")
    assert (decision.organization_id, decision.recorded_by) == (initiative.organization_id,
                                                                orchestrator)


def test_changes_are_recorded_in_history_with_who_did_them(as_orchestrator, initiative,
                                                          orchestrator):
    role = factories.RoleFactory(initiative=initiative)
    act(as_orchestrator, "roles/role", "close_roles", [role.pk])
    page = as_orchestrator.get(f"/admin/roles/role/{role.pk}/history/")
    assert page.status_code == 200
    latest = role.history.first()
    assert (latest.status, latest.history_user) == ("closed", orchestrator)


def test_admin_index_links_to_the_organizations_dashboards(as_orchestrator, initiative):
    page = as_orchestrator.get("/admin/").content.decode()
    assert f'href="/initiatives/{initiative.slug}/"' in page


def test_initiative_autocomplete_offers_only_own_initiatives(as_orchestrator, initiative,
                                                             other_org):
    factories.InitiativeFactory(organization=other_org, name="Their initiative")
    for model_name in ("role", "decision", "resource"):
        app = "roles" if model_name == "role" else "initiatives"
        response = as_orchestrator.get("/admin/autocomplete/", {
            "app_label": app, "model_name": model_name, "field_name": "initiative",
            "term": "Initiative"})
        assert response.status_code == 200
        assert [r["id"] for r in response.json()["results"]] == [str(initiative.pk)]


def test_view_on_site_redirects_only_for_own_rows(as_orchestrator, initiative, other_org):
    from django.contrib.contenttypes.models import ContentType

    hidden = factories.InitiativeFactory(organization=other_org, is_public=False,
                                         slug="secret-board")
    ct = ContentType.objects.get_for_model(Initiative).pk
    own = as_orchestrator.get(f"/admin/r/{ct}/{initiative.pk}/")
    assert own.status_code == 302 and own["Location"].endswith(f"/initiatives/{initiative.slug}/")
    other = as_orchestrator.get(f"/admin/r/{ct}/{hidden.pk}/")
    assert other.status_code == 404 and b"secret-board" not in other.content
