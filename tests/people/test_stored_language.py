"""A signed-in person's stored language is the site's language in a browser that has made no
choice (people.middleware.StoredLanguageMiddleware); the browser's own choice still wins."""

from django.conf import settings

from tests.builders import person

COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_signing_in_on_a_new_browser_shows_the_stored_language(client, db):
    client.force_login(person(language="hi"))
    response = client.get("/roles/")
    assert '<html lang="hi">' in response.content.decode()
    assert response.cookies[COOKIE].value == "hi"  # from now on Django's own rule reads it
    again = client.get("/me/")
    assert '<html lang="hi">' in again.content.decode() and COOKIE not in again.cookies


def test_the_browsers_choice_wins_over_the_stored_one(client, db):
    client.force_login(person(language="hi"))
    client.cookies[COOKIE] = "es"
    response = client.get("/roles/")
    assert '<html lang="es">' in response.content.decode()
    assert COOKIE not in response.cookies


def test_no_stored_language_and_anonymous_readers_are_left_to_accept_language(client, db):
    client.force_login(person())
    response = client.get("/roles/", HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert '<html lang="pt-br">' in response.content.decode() and COOKIE not in response.cookies
    client.logout()
    response = client.get("/roles/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in response.content.decode() and COOKIE not in response.cookies
