"""Open-data pages are cached briefly for anonymous visitors, never for signed-in people."""

from django.core.cache import cache

from tests import factories


def test_anonymous_visitors_get_the_cached_page_until_it_expires(client, page_cache_on):
    factories.InitiativeFactory(name="First light")
    assert b"First light" in client.get("/").content
    factories.InitiativeFactory(name="Second wind")
    assert b"Second wind" not in client.get("/").content  # served from the cache
    cache.clear()  # what expiry does after PUBLIC_PAGE_CACHE_SECONDS
    assert b"Second wind" in client.get("/").content


def test_a_cached_page_still_gets_fresh_security_headers(client, page_cache_on):
    factories.InitiativeFactory(name="First light")
    client.get("/")
    again = client.get("/")
    assert "Content-Security-Policy" in again.headers
    assert again.headers["X-Frame-Options"] == "DENY"


def test_a_signed_in_person_never_gets_the_anonymous_page(client, page_cache_on, org):
    factories.InitiativeFactory(name="Open one")
    client.get("/")  # the anonymous rendering is now cached
    member = factories.MembershipFactory(organization=org).user
    factories.InitiativeFactory(organization=org, name="Members only", is_public=False)
    client.force_login(member)
    page = client.get("/").content
    assert b"Members only" in page and b"Log out" in page


def test_a_page_rendered_for_a_member_is_never_stored(client, page_cache_on, org):
    member = factories.MembershipFactory(organization=org).user
    private = factories.InitiativeFactory(organization=org, name="Members only",
                                          is_public=False)
    client.force_login(member)
    assert client.get(f"/initiatives/{private.slug}/").status_code == 200
    assert b"Members only" in client.get("/").content
    client.logout()
    client.cookies.clear()
    # another organization's visitor or anyone anonymous: the private initiative stays hidden
    assert client.get(f"/initiatives/{private.slug}/").status_code == 404
    assert b"Members only" not in client.get("/").content


def test_query_strings_are_cached_apart(client, page_cache_on):
    collective = factories.CollectiveFactory(name="Shared goal")
    assert client.get(f"/collectives/{collective.slug}/").status_code == 200
    assert client.get(f"/collectives/{collective.slug}/?region=x").status_code == 404


def test_zero_seconds_switches_the_cache_off(client, settings, db):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()
    factories.InitiativeFactory(name="First light")
    client.get("/")
    factories.InitiativeFactory(name="Second wind")
    assert b"Second wind" in client.get("/").content
