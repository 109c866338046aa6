"""a volunteer proposes a whole initiative; the organization's orchestrators accept
it into a draft (lead role credited to the proposer, offered to them once published, never
making them an orchestrator) or decline it with a reason."""

from initiatives.models import Initiative
from initiatives.services.initiatives import initiative_set_status
from people import access
from roles import services
from roles.models import InitiativeProposal, Role, WaitlistEntry
from tests import factories
from tests.builders import person, signed_in, staff

FORM = {"name": "Clean wells", "purpose": "Every village well tested monthly.",
        "goal_label": "wells tested", "goal_target": "40", "first_roles": "Tester\nReporter"}


def world():
    org = factories.OrganizationFactory(slug="water")
    factories.InitiativeFactory(organization=org)  # public: the organization is findable
    return org, staff(org)


def test_propose_accept_publish_and_the_proposer_is_offered_the_lead_seat(client, db):
    org, boss = world()
    author = signed_in(client, 8)
    response = client.post("/organizations/water/propose-initiative/", FORM)
    assert response.status_code == 302 and response["Location"] == "/me/?tab=proposals"
    proposal = InitiativeProposal.objects.get()

    client.force_login(boss)
    assert "Clean wells" in client.get("/organizations/water/initiative-proposals/") \
        .content.decode()
    client.post(f"/initiative-proposals/{proposal.pk}/accept/")
    proposal.refresh_from_db()
    draft = proposal.initiative
    assert draft.status == Initiative.Status.DRAFT and draft.organization == org
    assert set(Role.objects.filter(initiative=draft).values_list("title", "proposed_by")) == {
        ("Lead: Clean wells", author.pk), ("Tester", author.pk), ("Reporter", author.pk)}
    assert not WaitlistEntry.objects.exists()  # a draft's roles take no claims yet
    assert not access.may_manage(author, org.pk)  # never made an orchestrator

    initiative_set_status(initiative=draft, status=Initiative.Status.ACTIVE, actor=boss)
    offer = WaitlistEntry.objects.get(volunteer=author)
    assert offer.role == proposal.lead_role and offer.via == WaitlistEntry.Via.PROPOSAL
    claim = services.waitlist_offer_accept(entry=offer, volunteer=author)
    assert claim.role == proposal.lead_role


def test_decline_needs_a_reason_the_proposer_reads(client, db):
    org, boss = world()
    author = signed_in(client, 8)
    client.post("/organizations/water/propose-initiative/", FORM)
    proposal = InitiativeProposal.objects.get()
    client.force_login(boss)
    client.post(f"/initiative-proposals/{proposal.pk}/decline/", {"reason": "  "})
    proposal.refresh_from_db()
    assert proposal.status == InitiativeProposal.Status.PENDING
    client.post(f"/initiative-proposals/{proposal.pk}/decline/", {"reason": "We lack funds."})
    client.force_login(author)
    page = client.get("/me/?tab=proposals").content.decode()
    assert "Clean wells" in page and "We lack funds." in page


def test_bad_input_is_a_400_with_a_message_and_no_row(client, db):
    world()
    signed_in(client, 8)
    response = client.post("/organizations/water/propose-initiative/",
                           {**FORM, "goal_target": "0"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    response = client.post("/organizations/water/propose-initiative/",
                           {**FORM, "first_roles": "\n".join(f"R{i}" for i in range(9))})
    assert response.status_code == 400 and "At most 5 supporting roles" in \
        response.content.decode()
    assert not InitiativeProposal.objects.exists()


def test_another_organization_can_neither_read_nor_decide(client, db):
    org, boss = world()
    author = person(8)
    proposal = services.initiative_proposals.initiative_proposal_submit(
        organization=org, author=author, name="Private plan", purpose="Ours alone.")
    outsider = staff(factories.OrganizationFactory(slug="other"))
    client.force_login(outsider)
    assert client.get("/organizations/water/initiative-proposals/").status_code == 404
    assert client.post(f"/initiative-proposals/{proposal.pk}/accept/").status_code == 404
    assert client.post(f"/initiative-proposals/{proposal.pk}/decline/",
                       {"reason": "x"}).status_code == 404
    assert "Private plan" not in client.get("/organizations/other/initiative-proposals/") \
        .content.decode()
    proposal.refresh_from_db()
    assert proposal.status == InitiativeProposal.Status.PENDING
    assert not Initiative.objects.filter(name="Private plan").exists()


def test_no_proposals_to_an_organization_the_volunteer_cannot_see(client, db):
    hidden = factories.OrganizationFactory(slug="hidden")
    factories.InitiativeFactory(organization=hidden, is_public=False)
    signed_in(client, 8)
    assert client.get("/organizations/hidden/propose-initiative/").status_code == 404
    assert client.post("/organizations/hidden/propose-initiative/", FORM).status_code == 404
