"""Membership by invitation: nobody joins without consent, and an owner reads none of a person's
events from before they joined (tests/people/test_audit.py covers the rest of the log)."""

import pytest
from django.core import mail
from django.urls import reverse

from crowddo.errors import LinkInvalid
from people import services
from people.audit import audit_events_for, audit_record
from people.models import AuditEvent, Invitation, Membership
from tests import builders


@pytest.fixture
def owner_a(org):
    return builders.staff(org, Membership.Level.OWNER, is_staff=True)


@pytest.fixture
def owner_b(other_org):
    return builders.staff(other_org, Membership.Level.OWNER, is_staff=True)


def _b_events(owner_a, owner_b):
    return list(audit_events_for(owner_a).filter(actor=owner_b))


def test_owner_a_inviting_owner_b_sees_none_of_bs_events_before_or_after_accepting(
        client, org, other_org, owner_a, owner_b, django_capture_on_commit_callbacks):
    audit_record(event_type="login", actor=owner_b)
    audit_record(event_type="api_key_created", actor=owner_b, organization=other_org,
                 details={"api_key_id": 1})

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.membership_invite(organization=org, email=owner_b.email,
                                                level="member", actor=owner_a)
    assert invitation.user == owner_b and invitation.status == "pending"
    assert not Membership.objects.filter(user=owner_b, organization=org).exists()
    assert _b_events(owner_a, owner_b) == []
    # The e-mail carries the link; the address is only the recipient.
    assert mail.outbox[-1].to == [owner_b.email]
    assert f"/invitations/{invitation.token}/" in mail.outbox[-1].body
    audit_record(event_type="login", actor=owner_b)  # still not a member: not shown
    assert _b_events(owner_a, owner_b) == []

    client.force_login(owner_b)
    page = client.get(reverse("invitation", args=[invitation.token]))
    assert page.status_code == 200 and org.name in page.content.decode()
    client.post(reverse("invitation", args=[invitation.token]), {"answer": "accept"})
    assert Membership.objects.filter(user=owner_b, organization=org, level="member").exists()

    # After accepting: still none of B's earlier events, nor B's events in B's organization.
    seen = _b_events(owner_a, owner_b)
    assert [e.event_type for e in seen] == ["invitation_accepted"]
    # Decision (docs/architecture.md): as a member, B's sign-ins from now on are shown.
    audit_record(event_type="login", actor=owner_b)
    audit_record(event_type="api_key_created", actor=owner_b, organization=other_org,
                 details={"api_key_id": 2})
    types = sorted(e.event_type for e in _b_events(owner_a, owner_b))
    assert types == ["invitation_accepted", "login"]
    assert AuditEvent.objects.filter(actor=owner_b).count() == 7


def test_someone_else_cannot_open_or_answer_the_invitation(client, org, owner_a, owner_b):
    invitation = services.membership_invite(organization=org, email=owner_b.email,
                                            actor=owner_a)
    stranger = builders.signed_in(client)
    url = reverse("invitation", args=[invitation.token])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    with pytest.raises(LinkInvalid):
        services.invitation_accept(token=invitation.token, user=stranger)
    assert not Membership.objects.filter(organization=org, user__in=[stranger, owner_b]).exists()


def test_the_link_needs_login(client, org, owner_a, owner_b):
    invitation = services.membership_invite(organization=org, email=owner_b.email,
                                            actor=owner_a)
    answer = client.get(reverse("invitation", args=[invitation.token]))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_declining_makes_no_membership_and_the_link_is_spent(client, org, owner_a, owner_b):
    invitation = services.membership_invite(organization=org, email=owner_b.email,
                                            actor=owner_a)
    client.force_login(owner_b)
    url = reverse("invitation", args=[invitation.token])
    client.post(url, {"answer": "decline"})
    assert Invitation.objects.get(pk=invitation.pk).status == "declined"
    follow = client.post(url, {"answer": "accept"}, follow=True)
    assert "declined already" in follow.content.decode()
    assert not Membership.objects.filter(user=owner_b, organization=org).exists()
    assert _b_events(owner_a, owner_b) == []  # declining leaves nothing of B with A
    declined = audit_events_for(owner_a).get(event_type="invitation_declined")
    assert declined.actor is None and declined.organization_id == org.pk


def test_the_invitation_list_shows_no_name_before_the_person_joins(client, org, owner_a,
                                                                   owner_b):
    owner_b.display_name = "Bea Secret"
    owner_b.save()
    invitation = services.membership_invite(organization=org, email=owner_b.email,
                                            actor=owner_a)
    client.force_login(owner_a)
    listing = client.get("/admin/people/invitation/").content.decode()
    assert "Bea Secret" not in listing and f"Invited person #{invitation.pk}" in listing
    assert "Bea Secret" not in client.get(
        f"/admin/people/invitation/{invitation.pk}/change/").content.decode()


def test_admin_invites_instead_of_adding(client, org, owner_a):
    client.force_login(owner_a)
    assert client.get("/admin/people/membership/add/").status_code == 403
    answer = client.post("/admin/people/invitation/add/", {
        "organization": org.pk, "email": "newcomer@example.org", "level": "orchestrator"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    invitation = Invitation.objects.get(user__email="newcomer@example.org")
    assert invitation.status == "pending"
    assert not Membership.objects.filter(user=invitation.user).exists()
    assert not invitation.user.is_staff


def test_an_orchestrator_cannot_invite_in_the_admin(client, org):
    orchestrator = builders.staff(org, is_staff=True)
    client.force_login(orchestrator)
    assert client.get("/admin/people/invitation/add/").status_code == 403


def test_withdrawn_invitation_cannot_be_accepted(client, org, owner_a, owner_b):
    invitation = services.membership_invite(organization=org, email=owner_b.email,
                                            actor=owner_a)
    assert services.invitations_withdraw(invitations=[invitation], actor=owner_a) == 1
    client.force_login(owner_b)
    client.post(reverse("invitation", args=[invitation.token]), {"answer": "accept"})
    assert not Membership.objects.filter(user=owner_b, organization=org).exists()
