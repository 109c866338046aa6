"""Anonymous API list reads are cached like anonymous pages (crowddo/api/list_cache.py);
a request with an API key is never answered from the cache nor stored in it."""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import translation
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from crowddo.api.list_cache import list_key
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


def _anonymous(path="/api/v1/roles/", **headers) -> Request:
    request = Request(APIRequestFactory().get(path, **headers))
    request.user, request.auth = AnonymousUser(), None
    request.accepted_media_type = headers.get("HTTP_ACCEPT", "application/json")
    return request


def test_the_key_tells_languages_accept_headers_and_queries_apart(page_cache_on):
    with translation.override("en"):
        english = list_key(_anonymous())
        assert english is not None
        assert list_key(_anonymous()) == english  # the same read finds the same entry
        assert list_key(_anonymous(HTTP_ACCEPT="text/csv")) != english
        assert list_key(_anonymous("/api/v1/roles/?capability=visioning")) != english
    with translation.override("es"):
        assert list_key(_anonymous()) != english


def test_formats_are_cached_apart(api, page_cache_on):
    factories.RoleFactory(title="Open role")
    assert api.get("/api/v1/roles/").headers["Content-Type"] == "application/json"  # stored
    as_csv = api.get("/api/v1/roles/", HTTP_ACCEPT="text/csv")  # same URL, another format
    assert as_csv.status_code == 200 and as_csv.headers["Content-Type"].startswith("text/csv")
    assert b"Open role" in as_csv.content and not as_csv.content.startswith(b"{")
    by_path = api.get("/api/v1/csv/roles/", HTTP_ACCEPT="text/csv")
    assert by_path.headers["Content-Type"].startswith("text/csv")
    assert api.get("/api/v1/roles/?format=csv").headers["Content-Type"].startswith("text/csv")
    assert api.get("/api/v1/roles/").headers["Content-Type"] == "application/json"


def test_a_cached_list_answers_if_none_match_with_304(api, page_cache_on):
    factories.RoleFactory(title="Open role")
    first = api.get("/api/v1/roles/")
    factories.RoleFactory(title="Newer role")  # a fresh answer would carry another ETag
    again = api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    assert api.get("/api/v1/roles/").content == first.content
    cache.clear()
    fresh = api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert fresh.status_code == 200 and fresh.headers["ETag"] != first.headers["ETag"]


def test_zero_seconds_switches_the_list_cache_off(api, settings, db):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()
    factories.RoleFactory(title="First role")
    api.get("/api/v1/roles/")
    factories.RoleFactory(title="Second role")
    assert _titles(api.get("/api/v1/roles/")) == {"First role", "Second role"}
