"""The API answers in the language asked for (Accept-Language): its validation errors and
the field help texts of its schema."""

from tests.builders import API, bearer

SHARED_WORLD = True


def test_a_validation_error_comes_back_in_portuguese(api, world):
    a = world["a"]
    response = api.post(
        f"{API}roles/",
        {
            "initiative": a.public_initiative.slug,
            "title": "Map checker",
            "responsibility": "Check ten tiles a week.",
            "capability": "sensemaking",
            "seats": 2,
            "skills": ["juggling"],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="pt-BR",
        **bearer(a.keys["write"]),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    assert body["fields"] == {"skills": ["Habilidades desconhecidas: juggling."]}, body
    dated = api.get(
        f"{API}roles/",
        {"updated_since": "0001-01-01T00:00:00Z"},
        HTTP_ACCEPT_LANGUAGE="pt-BR",
        **bearer(a.keys["read"]),
    )
    assert dated.status_code == 400
    assert "Esta data e hora está fora do intervalo" in dated.json()["message"], dated.json()


def test_the_schema_help_texts_follow_the_language(api, world):
    english = api.get(f"{API}schema/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    portuguese = api.get(f"{API}schema/", HTTP_ACCEPT_LANGUAGE="pt-BR").content.decode()
    assert "Seats that can be claimed now" in english
    assert "Vagas que podem ser assumidas agora" in portuguese
    assert "Seats that can be claimed now" not in portuguese
