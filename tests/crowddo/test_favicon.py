"""Pages name their icon; the admin's pages (which do not) get it from /favicon.ico."""


def test_favicon_ico_redirects_to_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/favicon.svg")


def test_site_pages_link_the_icon(client, db):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
