"""Work where the object is: an initiative cloned as a template into a
draft; proposals accepted or declined from their row."""

import pytest

from initiatives.models import Initiative, Resource, Sdg
from people.models import AuditEvent
from roles.models import Proposal, Role
from tests import factories


@pytest.fixture
def as_orchestrator(client, orchestrator):
    orchestrator.is_staff = True
    orchestrator.save()
    client.force_login(orchestrator)
    return client


def test_clone_an_initiative_as_a_template_into_a_draft(as_orchestrator, org):
    original = factories.InitiativeFactory(organization=org, name="River survey",
                                           slug="river-survey", status="active")
    original.sdgs.set(Sdg.objects.filter(number__in=[6, 14]))
    skill = factories.SkillFactory(name="Mapping", slug="mapping")
    role = factories.RoleFactory(initiative=original, title="Surveyor", seats=3)
    role.skills.set([skill])
    factories.ClaimFactory(role=role)  # claims are not copied
    factories.ResourceFactory(initiative=original, title="Toolkit", url="https://example.org/t")
    as_orchestrator.post("/admin/initiatives/initiative/", {
        "action": "clone_initiatives", "_selected_action": [str(original.pk)]})
    copy = Initiative.objects.exclude(pk=original.pk).get()
    assert (copy.name, copy.status, copy.organization_id) == ("River survey (copy)", "draft",
                                                              org.pk)
    assert copy.slug != original.slug
    assert set(copy.sdgs.values_list("number", flat=True)) == {6, 14}
    copied = Role.objects.get(initiative=copy)
    assert (copied.title, copied.status, copied.seats) == ("Surveyor", "draft", 3)
    assert list(copied.skills.all()) == [skill] and not copied.claims.exists()
    assert Resource.objects.get(initiative=copy).url == "https://example.org/t"


def test_cloning_another_organizations_initiative_does_nothing(as_orchestrator, other_org):
    theirs = factories.InitiativeFactory(organization=other_org)
    as_orchestrator.post("/admin/initiatives/initiative/", {
        "action": "clone_initiatives", "_selected_action": [str(theirs.pk)]})
    assert Initiative.objects.count() == 1


def test_accept_and_decline_from_the_row(as_orchestrator, org):
    initiative = factories.InitiativeFactory(organization=org, status="active")
    one = factories.ProposalFactory(initiative=initiative, title="Night patrol")
    two = factories.ProposalFactory(initiative=initiative, title="Bake sale")
    listing = as_orchestrator.get("/admin/roles/proposal/").content.decode()
    assert f"/admin/roles/proposal/{one.pk}/decide/accept/" in listing
    page = as_orchestrator.get(f"/admin/roles/proposal/{one.pk}/decide/accept/")
    assert page.status_code == 200 and "Night patrol" in page.content.decode()
    done = as_orchestrator.post(f"/admin/roles/proposal/{one.pk}/decide/accept/", {
        "apply": "1", "hours_per_week": "2", "seats": "2", "capability": "inventing",
        "supporting_titles": ""})
    assert done.status_code == 302
    assert Proposal.objects.get(pk=one.pk).status == "accepted"
    assert Role.objects.filter(title="Night patrol", seats=2).exists()
    as_orchestrator.post(f"/admin/roles/proposal/{two.pk}/decide/decline/", {
        "apply": "1", "reason": "Out of scope for this initiative."})
    assert Proposal.objects.get(pk=two.pk).status == "declined"
    assert AuditEvent.objects.filter(event_type="proposals_declined",
                                     details={"proposal_id": two.pk}).exists()
    # A decided proposal has no row buttons and its page is gone.
    assert as_orchestrator.get(
        f"/admin/roles/proposal/{two.pk}/decide/accept/").status_code == 404


def test_another_organizations_proposal_cannot_be_decided(as_orchestrator, other_org):
    theirs = factories.ProposalFactory(initiative__organization=other_org)
    url = f"/admin/roles/proposal/{theirs.pk}/decide/decline/"
    assert as_orchestrator.get(url).status_code == 404
    assert as_orchestrator.post(url, {"apply": "1", "reason": "x"}).status_code == 404
    assert Proposal.objects.get(pk=theirs.pk).status == "pending"


def _initiative_post(client, initiative, roles_data, roles_initial):
    page = client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "sdgs"}
    data.update({"sdgs": [], "decisions-TOTAL_FORMS": "0", "decisions-INITIAL_FORMS": "0",
                 "roles-INITIAL_FORMS": str(roles_initial),
                 "roles-TOTAL_FORMS": str(len(roles_data)), **{
                     f"roles-{i}-{k}": v for i, row in enumerate(roles_data)
                     for k, v in row.items()}})
    return client.post(f"/admin/initiatives/initiative/{initiative.pk}/change/", data)


def test_roles_are_added_edited_and_closed_on_the_initiative_page(as_orchestrator, org):
    initiative = factories.InitiativeFactory(organization=org, status="active")
    existing = factories.RoleFactory(initiative=initiative, title="Mapper", seats=2)
    row = {"responsibility": "Map the river", "capability": "sensemaking",
           "hours_per_week": "2", "duration_weeks": "8", "stale_after_days": "14"}
    answer = _initiative_post(as_orchestrator, initiative, [
        {**row, "id": str(existing.pk), "initiative": str(initiative.pk), "title": "Mapper",
         "status": "closed", "seats": "2"},
        {**row, "initiative": str(initiative.pk), "title": "Photographer", "status": "open",
         "seats": "1"},
    ], roles_initial=1)
    assert answer.status_code == 302, answer.context["errors"] if answer.context else answer
    assert Role.objects.get(pk=existing.pk).status == "closed"
    added = Role.objects.get(title="Photographer")
    assert added.initiative == initiative and added.organization_id == org.pk


def test_seats_0_in_the_inline_is_a_plain_error(as_orchestrator, org):
    initiative = factories.InitiativeFactory(organization=org, status="active")
    answer = _initiative_post(as_orchestrator, initiative, [
        {"initiative": str(initiative.pk), "title": "Nobody", "responsibility": "x",
         "capability": "sensemaking", "hours_per_week": "2", "duration_weeks": "8",
         "stale_after_days": "14", "status": "open", "seats": "0"}], roles_initial=0)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "role_seats_gte_1" not in text
    assert "seat" in str(answer.context["inline_admin_formsets"][0].formset.errors)
    assert not Role.objects.filter(title="Nobody").exists()
