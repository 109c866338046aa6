"""Apprentice seats in the admin: set on the role form (through role_update); claims show the
kind and the mentor, only to the organization's orchestrators."""

from roles import services
from roles.models import Claim, Role
from tests import factories


def _apprenticeship(org):
    role = factories.RoleFactory(initiative__organization=org, seats=1, apprentice_seats=1)
    mentor = factories.ProfileFactory(user__display_name="Mira Mentor").user
    services.claim_role(role=role, volunteer=mentor)
    apprentice = factories.ProfileFactory(user__display_name="Ada Apprentice").user
    return role, services.claim_role(role=role, volunteer=apprentice,
                                     kind=Claim.Kind.APPRENTICE)


def test_orchestrator_sets_apprentice_seats_and_a_term_on_the_role_form(client, org):
    client.force_login(factories.MembershipFactory(organization=org, level="orchestrator").user)
    role = factories.RoleFactory(initiative__organization=org)
    page = client.get(f"/admin/roles/role/{role.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update({"apprentice_seats": "2", "term_weeks": "12", "skills": [],
                 "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0"})
    response = client.post(f"/admin/roles/role/{role.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    role = Role.objects.get(pk=role.pk)
    assert (role.apprentice_seats, role.term_weeks) == (2, 12)


def test_claims_show_kind_and_mentor_to_their_organization_only(client, org, other_org):
    _, claim = _apprenticeship(org)
    client.force_login(factories.MembershipFactory(organization=org, level="orchestrator").user)
    page = client.get("/admin/roles/claim/").content.decode()
    assert "Apprentice seat" in page and "Mira Mentor" in page
    assert client.get(f"/admin/roles/claim/{claim.pk}/change/").status_code == 200

    client.force_login(factories.MembershipFactory(organization=other_org,
                                                   level="orchestrator").user)
    page = client.get("/admin/roles/claim/").content.decode()
    assert "Ada Apprentice" not in page and "Mira Mentor" not in page
    assert client.get(f"/admin/roles/claim/{claim.pk}/change/").status_code in (302, 404)
