"""The admin's app names (AppConfig.verbose_name) are translated: ours in locale/, the
third-party ones their catalogues leave in English in locale_django/."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

from tests import factories

LATIN = re.compile(r"[A-Za-z]")


def admin_apps() -> list[str]:
    return sorted({model._meta.app_label for model in admin.site._registry})


def test_the_admin_names_every_app_in_hindi(client, db):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    with translation.override("hi"):
        names = {label: str(apps.get_app_config(label).verbose_name) for label in admin_apps()}
    assert [name for name in names.values() if LATIN.search(name)] == []
    assert names["people"] == "लोग और संगठन" and names["auth"] == "प्रमाणीकरण और अनुमतियाँ"
    for label, name in names.items():
        page = client.get(f"/admin/{label}/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
        assert name in page, label


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "pt-br",
            {
                "roles": "Papéis",
                "django_celery_beat": "Tarefas periódicas",
                "mfa": "Autenticação em dois fatores",
            },
        ),
        ("es", {"roles": "Roles", "mfa": "Autenticación en dos pasos", "sites": "Sitios"}),
    ],
)
def test_and_in_portuguese_and_spanish(language, expected):
    with translation.override(language):
        assert {
            label: str(apps.get_app_config(label).verbose_name) for label in expected
        } == expected
