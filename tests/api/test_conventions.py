"""API conventions: keys, errors, throttling, CSV, ETags, filters, writes through services."""

import csv
import io

from django.utils import timezone

from people.models import ApiKey
from roles.models import Role
from tests import builders, factories
from tests.builders import API, api_key, bearer

SHARED_WORLD = True  # one two-tenant world per module (tests/api/conftest.py)


def test_key_is_recorded_as_used_and_bad_headers_are_401(api, world):
    a = world["a"]
    key = ApiKey.objects.get(organization=a.org, can_write=False)
    assert key.last_used_at is None
    assert api.get(f"{API}claims/", **bearer(a.keys["read"])).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    for header in ("Token abc", "Bearer", "Bearer nodot", "Bearer abc.def"):
        response = api.get(f"{API}roles/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["error"] == "authentication_failed"


def test_revoking_a_key_stops_it_at_once(api, world):
    a = world["a"]
    key, raw = api_key(a.org)
    assert api.get(f"{API}claims/", **bearer(raw)).status_code == 200
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    response = api.get(f"{API}claims/", **bearer(raw))
    assert response.status_code == 401
    assert "revoked" in response.json()["message"]


def test_anonymous_is_throttled_before_a_key_with_retry_after(api, world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "key": "6/min"}}
    codes = [api.get(f"{API}regions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    throttled = api.get(f"{API}regions/")
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["error"] == "throttled" and throttled.json()["message"]
    raw = world["a"].keys["read"]
    keyed = [api.get(f"{API}regions/", **bearer(raw)).status_code for _ in range(7)]
    assert keyed == [200] * 6 + [429]


def test_lists_and_stats_render_as_csv_with_a_link_to_the_next_page(api, world):
    for _ in range(2):
        factories.RoleFactory(initiative=world["a"].public_initiative)
    response = api.get(f"{API}roles/?format=csv&page_size=1")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1 and rows[0]["initiative.slug"] and "seats_left" in rows[0]
    assert 'rel="next"' in response["Link"]
    stats = api.get(f"{API}stats/regions/?level=country", HTTP_ACCEPT="text/csv")
    assert stats["Content-Type"].startswith("text/csv")
    # No contribution has a region yet: still a header row to parse.
    assert stats.content.decode().splitlines() == [
        "collective.slug,collective.name,region.id,region.name,region.level,level,parent,"
        "contributions,hours,micro_improvements,volunteers,awaiting_contributions,"
        "awaiting_micro_improvements"]


def test_csv_cells_never_start_a_formula(api, world):
    factories.RoleFactory(title="=HYPERLINK(\"http://evil\")")
    text = api.get(f"{API}roles/?format=csv").content.decode()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_detail_and_stats_answer_304_to_a_matching_etag(api, world):
    for url in (f"{API}initiatives/open-a/", f"{API}stats/collectives/"):
        first = api.get(url)
        assert first.status_code == 200 and first["ETag"]
        again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        assert api.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_etag_changes_when_the_data_changes(api, world):
    url = f"{API}initiatives/open-a/"
    before = api.get(url)["ETag"]
    initiative = world["a"].public_initiative
    initiative.summary = "Changed."
    initiative.save()
    assert api.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_write_key_creates_and_updates_roles_through_the_services(api, world):
    a = world["a"]
    skill = factories.SkillFactory(slug="mapping")
    response = api.post(f"{API}roles/", {
        "initiative": a.public_initiative.slug, "title": "Map checker",
        "responsibility": "Check ten tiles a week.", "capability": "sensemaking",
        "seats": 2, "skills": ["mapping"]}, format="json", **bearer(a.keys["write"]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["seats_left"], body["skills"], body["organization"]) == (2, ["mapping"],
                                                                           "org-a")
    role = Role.objects.get(pk=body["id"])
    assert list(role.skills.all()) == [skill]
    response = api.patch(f"{API}roles/{role.pk}/", {"seats": 5}, format="json",
                         **bearer(a.keys["write"]))
    assert response.status_code == 200 and response.json()["seats"] == 5


def test_domain_errors_come_back_as_json_with_the_services_message(api, world):
    a = world["a"]
    # The private role has one active claim: the service refuses fewer seats than taken.
    response = api.patch(f"{API}roles/{a.private_role.pk}/", {"seats": 1}, format="json",
                         **bearer(a.keys["write"]))
    assert response.status_code == 200
    claimer = factories.ProfileFactory(weekly_capacity_hours=10).user
    factories.MembershipFactory(organization=a.org, user=claimer)
    from roles import services
    a.private_role.refresh_from_db()
    a.private_role.seats = 2
    a.private_role.save()
    services.claim_role(role=a.private_role, volunteer=claimer)
    response = api.patch(f"{API}roles/{a.private_role.pk}/", {"seats": 1}, format="json",
                         **bearer(a.keys["write"]))
    assert response.status_code == 400
    assert response.json() == {"error": "invalid", "status_code": 400, "message":
                               "2 seats are taken; the role cannot have fewer seats than that."}


def test_another_organizations_public_role_is_403_from_the_service(api, world):
    b = world["b"]
    response = api.patch(f"{API}roles/{world['a'].draft_role.pk}/", {"title": "x"},
                         format="json", **bearer(b.keys["write"]))
    assert response.status_code == 404  # a draft role is private
    public_role = factories.RoleFactory(initiative=world["a"].public_initiative)
    response = api.patch(f"{API}roles/{public_role.pk}/", {"title": "x"}, format="json",
                         **bearer(b.keys["write"]))
    assert response.status_code == 403
    assert "orchestrators" in response.json()["message"]


def test_bad_input_is_a_400_naming_the_field(api, world):
    response = api.post(f"{API}roles/", {"initiative": "open-a", "title": "x"}, format="json",
                        **bearer(world["a"].keys["write"]))
    assert response.status_code == 400
    assert response.json()["message"].startswith("responsibility:")
    assert api.get(f"{API}roles/?updated_since=yesterday").status_code == 400
    assert api.get(f"{API}stats/regions/?level=planet").status_code == 400


def test_filters_select_rows(api, world):
    a = world["a"]
    a.public_initiative.sdgs.set([13])
    factories.RoleFactory(initiative=a.public_initiative, capability="inventing")
    slugs = lambda url: {r["slug"] for r in api.get(url).json()["results"]}  # noqa: E731
    assert slugs(f"{API}initiatives/?sdg=13") == {"open-a"}
    assert slugs(f"{API}initiatives/?organization=org-b") == {"open-b"}
    roles = api.get(f"{API}roles/?capability=inventing").json()["results"]
    assert [r["capability"] for r in roles] == ["inventing"]
    future = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    assert api.get(f"{API}roles/", {"updated_since": future}).json()["results"] == []


def test_volunteers_appear_by_id_and_opted_in_name_only(api, world):
    a = world["a"]
    claim = api.get(f"{API}claims/{a.claim.pk}/", **bearer(a.keys["read"])).json()
    assert claim["volunteer"] == {"id": a.volunteer.pk, "display_name": a.volunteer.display_name}
    a.volunteer.show_in_reports = False
    a.volunteer.save()
    claim = api.get(f"{API}claims/{a.claim.pk}/", **bearer(a.keys["read"])).json()
    assert claim["volunteer"]["display_name"] == f"Volunteer #{a.volunteer.pk}"


def test_unknown_api_paths_are_json_404(api, db):
    response = api.post(f"{API}nothing/here/")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_schema_and_docs_are_served(api, db):
    assert api.get(f"{API}schema/").status_code == 200
    docs = api.get(f"{API}docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"<style" not in docs.content and b"cdn" not in docs.content.lower()  # CSP, local


def test_stats_come_from_the_roll_up_table_not_from_raw_rows(api, world):
    a = world["a"]
    from dashboards import services as dashboards_services
    from roles import services
    # Only verified work counts: an orchestrator verifies A's work, then it is rolled up.
    services.contribution_verify(contribution=a.contribution, verifier=builders.staff(a.org))
    dashboards_services.refresh_initiative(initiative_id=a.private_initiative.pk)
    url = f"{API}stats/initiatives/{a.private_initiative.slug}/"
    before = api.get(url, **bearer(a.keys["read"])).json()
    assert before["micro_improvements"] == 3 and before["contributions"] == 1
    more = services.contribution_log(claim=a.claim, volunteer=a.volunteer, hours=1,
                                     date=timezone.localdate(), micro_improvements=5)
    services.contribution_verify(contribution=more, verifier=builders.staff(a.org))
    # Not rolled up yet: the API still shows the roll-up row.
    assert api.get(url, **bearer(a.keys["read"])).json()["micro_improvements"] == 3
    dashboards_services.refresh_initiative(initiative_id=a.private_initiative.pk)
    after = api.get(url, **bearer(a.keys["read"])).json()
    assert (after["micro_improvements"], after["percent"]) == (8, 8)
