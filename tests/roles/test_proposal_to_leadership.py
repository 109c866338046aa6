"""An accepted proposal becomes one or more roles; its author is offered the lead role's seat."""

import datetime as dt

import pytest
from django.core import mail

from crowddo.errors import Invalid, InvalidState, NotAllowed, OverCapacity, RoleFull
from initiatives.services import initiative_close
from roles import services
from roles.models import Claim, Proposal, Role, WaitlistEntry
from tests import factories


@pytest.fixture
def proposal(org):
    initiative = factories.InitiativeFactory(organization=org)
    author = factories.ProfileFactory(weekly_capacity_hours=6).user
    return services.proposal_submit(initiative=initiative, author=author,
                                    title="Repair café", description="Monthly repair evening.")


def test_accepting_creates_the_lead_and_supporting_roles_and_offers_the_author_a_seat(
        proposal, orchestrator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lead = services.proposal_accept(
            proposal=proposal, orchestrator=orchestrator, hours_per_week=3, seats=2,
            capability="relating", supporting_titles=["Tool librarian", " ", "Greeter"])
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.resulting_role == lead
    roles = Role.objects.filter(from_proposal=proposal).order_by("pk")
    assert [r.title for r in roles] == ["Repair café", "Tool librarian", "Greeter"]
    assert all(r.proposed_by == proposal.author for r in roles)
    assert [(r.hours_per_week, r.capability, r.seats) for r in roles] == [
        (3, "relating", 2), (3, "relating", 1), (3, "relating", 1)]
    offer = WaitlistEntry.objects.get(role=lead, volunteer=proposal.author)
    assert offer.status == WaitlistEntry.Status.OFFERED
    assert offer.via == WaitlistEntry.Via.PROPOSAL
    assert offer.offer_expires_at - offer.offered_at == dt.timedelta(days=7)
    assert not WaitlistEntry.objects.exclude(role=lead).exists()
    [sent] = [m for m in mail.outbox if proposal.author.email in m.to]
    assert "Your proposal is now a role" in sent.subject
    assert "Your proposal was accepted" in sent.body


def test_the_held_seat_is_the_authors_and_they_accept_it_into_a_claim(proposal, orchestrator):
    lead = services.proposal_accept(proposal=proposal, orchestrator=orchestrator, seats=1)
    with pytest.raises(RoleFull):  # the only seat is held for the author
        services.claim_role(role=lead, volunteer=factories.ProfileFactory().user)
    offer = WaitlistEntry.objects.get(role=lead)
    claim = services.waitlist_offer_accept(entry=offer, volunteer=proposal.author)
    assert claim.status == Claim.Status.ACTIVE and claim.volunteer == proposal.author
    offer.refresh_from_db()
    assert offer.status == WaitlistEntry.Status.ACCEPTED


def test_the_burnout_guard_applies_when_the_author_accepts(proposal, orchestrator):
    lead = services.proposal_accept(proposal=proposal, orchestrator=orchestrator, hours_per_week=10)
    offer = WaitlistEntry.objects.get(role=lead)
    with pytest.raises(OverCapacity, match="weekly capacity"):
        services.waitlist_offer_accept(entry=offer, volunteer=proposal.author)
    assert not Claim.objects.filter(role=lead).exists()
    services.waitlist_leave(entry=offer, volunteer=proposal.author)  # declining frees it
    other = factories.ProfileFactory(weekly_capacity_hours=20).user
    assert services.claim_role(role=lead, volunteer=other).status == Claim.Status.ACTIVE


def test_too_many_supporting_roles_write_nothing(proposal, orchestrator):
    with pytest.raises(Invalid, match="At most 5 supporting roles"):
        services.proposal_accept(proposal=proposal, orchestrator=orchestrator,
                                 supporting_titles=[f"Helper {n}" for n in range(6)])
    assert not Role.objects.exists() and not WaitlistEntry.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING


def test_another_organizations_orchestrator_cannot_accept(proposal, other_org):
    outsider = factories.MembershipFactory(organization=other_org, level="orchestrator").user
    with pytest.raises(NotAllowed):
        services.proposal_accept(proposal=proposal, orchestrator=outsider)
    assert not Role.objects.exists() and not WaitlistEntry.objects.exists()


def test_accept_form_on_the_initiative_page_takes_supporting_roles(client, proposal, orchestrator):
    client.force_login(orchestrator)
    page = client.get(proposal.initiative.get_absolute_url()).content.decode()
    assert 'name="supporting_titles"' in page
    response = client.post(f"/proposals/{proposal.pk}/accept/", {
        "hours_per_week": "2", "seats": "1", "capability": "inventing",
        "supporting_titles": "Tool librarian\r\nGreeter\r\n"}, follow=True)
    assert "offered its first seat for 7 days" in response.content.decode()
    assert Role.objects.filter(from_proposal=proposal).count() == 3


def test_accept_view_answers_404_to_another_organization(client, proposal, other_org):
    outsider = factories.MembershipFactory(organization=other_org, level="orchestrator").user
    client.force_login(outsider)
    response = client.post(f"/proposals/{proposal.pk}/accept/", {
        "hours_per_week": "2", "seats": "1", "capability": "inventing"})
    assert response.status_code == 404
    assert not Role.objects.exists()


def test_admin_accept_action_offers_the_seat_too(client, proposal, orchestrator):
    orchestrator.is_staff = True
    orchestrator.save()
    client.force_login(orchestrator)
    client.post("/admin/roles/proposal/", {"action": "accept_proposals",
                                           "_selected_action": [str(proposal.pk)]})
    lead = Proposal.objects.get(pk=proposal.pk).resulting_role
    assert lead.from_proposal_id == proposal.pk
    assert WaitlistEntry.objects.get(role=lead).via == WaitlistEntry.Via.PROPOSAL


def test_admin_accept_with_roles_asks_then_creates_lead_and_supporting_roles(
        client, proposal, orchestrator, other_org):
    orchestrator.is_staff = True
    orchestrator.save()
    client.force_login(orchestrator)
    data = {"action": "accept_with_roles", "_selected_action": [str(proposal.pk)]}
    form = client.post("/admin/roles/proposal/", data)
    assert 'name="supporting_titles"' in form.content.decode()
    client.post("/admin/roles/proposal/", {**data, "apply": "1", "hours_per_week": "1",
                                           "seats": "2", "capability": "visioning",
                                           "supporting_titles": "Greeter\nNote taker"})
    assert Role.objects.filter(from_proposal=proposal).count() == 3
    assert WaitlistEntry.objects.get(volunteer=proposal.author).via == "proposal"


def test_admin_accept_with_roles_ignores_another_organizations_proposals(
        client, proposal, other_org):
    outsider = factories.MembershipFactory(organization=other_org, level="orchestrator").user
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    client.post("/admin/roles/proposal/", {
        "action": "accept_with_roles", "_selected_action": [str(proposal.pk)], "apply": "1",
        "hours_per_week": "1", "seats": "1", "capability": "visioning"})
    assert not Role.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING


def test_a_closed_initiatives_proposal_cannot_be_accepted_into_roles(
        client, proposal, orchestrator):
    initiative_close(initiative=proposal.initiative, actor=orchestrator,
                     outcome="Done and handed on.")
    with pytest.raises(InvalidState, match="closed"):
        services.proposal_accept(proposal=proposal, orchestrator=orchestrator,
                                 supporting_titles=["Greeter"])
    client.force_login(orchestrator)
    response = client.post(f"/proposals/{proposal.pk}/accept/", {
        "hours_per_week": "2", "seats": "1", "capability": "inventing"}, follow=True)
    page = response.content.decode()
    assert "offered its first seat" not in page and "Decline it with a reason" in page
    assert not Role.objects.exists() and not WaitlistEntry.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING
