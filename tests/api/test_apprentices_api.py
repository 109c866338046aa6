"""Apprentice seats in the partner API: roles show them (open data); claims show kind and
mentor to the organization's own key only."""

from roles import services
from roles.models import Claim
from tests import factories
from tests.builders import API, api_key, bearer


def _apprenticeship(**role):
    role = factories.RoleFactory(seats=1, apprentice_seats=2, **role)
    mentor = factories.ProfileFactory(user__display_name="Mira Mentor",
                                      user__show_in_reports=True).user
    services.claim_role(role=role, volunteer=mentor)
    apprentice = factories.ProfileFactory().user
    return role, mentor, services.claim_role(role=role, volunteer=apprentice,
                                             kind=Claim.Kind.APPRENTICE)


def test_roles_expose_apprentice_seats_and_what_is_left(api, db):
    role, _, _ = _apprenticeship()
    body = api.get(f"{API}roles/{role.pk}/").json()
    assert (body["seats_left"], body["apprentice_seats"], body["apprentice_seats_left"]) == (
        0, 2, 1)


def test_claims_show_kind_and_mentor_to_the_own_key_only(api, db):
    role, mentor, claim = _apprenticeship()
    _, own = api_key(role.organization)
    rows = api.get(f"{API}claims/?kind=apprentice", **bearer(own)).json()["results"]
    assert [(r["id"], r["kind"], r["mentor"]) for r in rows] == [
        (claim.pk, "apprentice", {"id": mentor.pk, "display_name": "Mira Mentor"})]

    _, other = api_key(factories.OrganizationFactory())
    assert api.get(f"{API}claims/", **bearer(other)).json()["results"] == []
    assert api.get(f"{API}claims/{claim.pk}/", **bearer(other)).status_code == 404


def test_write_key_sets_apprentice_seats_and_the_service_refuses_fewer_than_taken(api, db):
    role, _, _ = _apprenticeship()
    _, raw = api_key(role.organization, can_write=True)
    response = api.patch(f"{API}roles/{role.pk}/", {"apprentice_seats": 0}, format="json",
                         **bearer(raw))
    assert response.status_code == 400
    assert "apprentice seats are taken" in response.json()["message"]
    response = api.patch(f"{API}roles/{role.pk}/", {"apprentice_seats": 3}, format="json",
                         **bearer(raw))
    assert response.status_code == 200 and response.json()["apprentice_seats_left"] == 2
    _, foreign = api_key(factories.OrganizationFactory(), can_write=True)
    response = api.patch(f"{API}roles/{role.pk}/", {"apprentice_seats": 9}, format="json",
                         **bearer(foreign))
    assert response.status_code in (403, 404)


def test_write_key_sets_a_term_and_claims_show_its_end_and_hand_off(api, db):
    role, _, _ = _apprenticeship()
    _, raw = api_key(role.organization, can_write=True)
    response = api.patch(f"{API}roles/{role.pk}/", {"term_weeks": 0}, format="json",
                         **bearer(raw))
    assert response.status_code == 400  # a term of 0 weeks is refused, nothing changes
    response = api.patch(f"{API}roles/{role.pk}/", {"term_weeks": 8}, format="json",
                         **bearer(raw))
    assert response.status_code == 200 and response.json()["term_weeks"] == 8
    newcomer = factories.ProfileFactory(weekly_capacity_hours=40).user
    type(role).objects.filter(pk=role.pk).update(seats=2)
    claim = services.claim_role(role=role, volunteer=newcomer)
    row = api.get(f"{API}claims/{claim.pk}/", **bearer(raw)).json()
    assert row["term_ends_at"] and row["handoff_open"] == ""
    _, other = api_key(factories.OrganizationFactory(), can_write=True)
    assert api.patch(f"{API}roles/{role.pk}/", {"term_weeks": 2}, format="json",
                     **bearer(other)).status_code in (403, 404)
    role.refresh_from_db()
    assert role.term_weeks == 8
