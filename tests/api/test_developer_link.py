"""Every page's footer links to the API docs, and the docs answer."""

from django.urls import reverse


def test_the_footer_links_to_the_api_docs_and_they_load(client, db):
    docs = reverse("api-docs")
    page = client.get("/")
    assert page.status_code == 200
    assert f'href="{docs}"' in page.content.decode()
    assert client.get(docs).status_code == 200
