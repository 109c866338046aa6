"""Anonymous API list reads are cached like anonymous pages (crowddo/api/list_cache.py);
a request with an API key is never answered from the cache nor stored in it."""

from django.core.cache import cache

from tests import factories
from tests.builders import api_key, bearer


def _titles(response) -> set:
    assert response.status_code == 200, response.content[:300]
    return {r["title"] for r in response.json()["results"]}


def test_anonymous_list_reads_are_served_from_the_cache(api, page_cache_on):
    factories.RoleFactory(title="First role")
    assert _titles(api.get("/api/v1/roles/")) == {"First role"}
    factories.RoleFactory(title="Second role")
    assert _titles(api.get("/api/v1/roles/")) == {"First role"}  # cached
    assert _titles(api.get("/api/v1/roles/?page_size=5")) == {"First role", "Second role"}
    cache.clear()  # what expiry does
    assert _titles(api.get("/api/v1/roles/")) == {"First role", "Second role"}


def test_a_key_is_never_served_the_cached_list_nor_stored(api, page_cache_on, org):
    factories.RoleFactory(title="Open role")
    private = factories.InitiativeFactory(organization=org, is_public=False)
    factories.RoleFactory(initiative=private, title="Members' role")
    _, raw = api_key(org)
    assert _titles(api.get("/api/v1/roles/")) == {"Open role"}  # the anonymous answer, cached
    # the key sees its organization's private role: not the cached anonymous list
    assert _titles(api.get("/api/v1/roles/", **bearer(raw))) == {"Open role", "Members' role"}
    cache.clear()
    assert "Members' role" in _titles(api.get("/api/v1/roles/", **bearer(raw)))
    # what the key read was not stored: anonymous readers still never see the private role
    assert _titles(api.get("/api/v1/roles/")) == {"Open role"}
    # a key that does not exist is refused, never answered from the cache
    assert api.get("/api/v1/roles/", **bearer("nope.nope")).status_code == 401


def test_formats_and_languages_are_cached_apart(api, page_cache_on):
    factories.RoleFactory(title="Open role")
    assert api.get("/api/v1/roles/").headers["Content-Type"] == "application/json"
    as_csv = api.get("/api/v1/csv/roles/", HTTP_ACCEPT="text/csv")
    assert as_csv.status_code == 200 and as_csv.headers["Content-Type"].startswith("text/csv")
    assert b"Open role" in as_csv.content and not as_csv.content.startswith(b"{")
    assert api.get("/api/v1/roles/?format=csv").headers["Content-Type"].startswith("text/csv")
    bad = api.get("/api/v1/roles/?max_hours=x", HTTP_ACCEPT_LANGUAGE="es")
    assert bad.status_code == 400
    assert api.get("/api/v1/roles/?max_hours=x").content != bad.content  # English, not Spanish


def test_a_cached_list_answers_if_none_match_with_304(api, page_cache_on):
    factories.RoleFactory(title="Open role")
    first = api.get("/api/v1/roles/")
    again = api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    assert api.get("/api/v1/roles/").content == first.content


def test_zero_seconds_switches_the_list_cache_off(api, settings, db):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()
    factories.RoleFactory(title="First role")
    api.get("/api/v1/roles/")
    factories.RoleFactory(title="Second role")
    assert _titles(api.get("/api/v1/roles/")) == {"First role", "Second role"}
