"""E-mail addresses never appear on pages others see, and hidden display names stay hidden.

Walks every page that exists on this branch (and the ones being built elsewhere, as soon as
their URLs resolve) for an anonymous visitor, a volunteer and an owner of the demo data.
"""

from django.core.management import call_command
from django.urls import Resolver404, resolve

from initiatives.models import Initiative
from people.models import User

CANDIDATES = ["/", "/roles/", "/api/v1/", "/api/v1/initiatives/", "/api/v1/roles/"]


def _pages():
    paths = [p for p in CANDIDATES if _resolves(p)]
    for initiative in Initiative.objects.all():
        paths.append(initiative.get_absolute_url())
    for collective_slug in Initiative.objects.exclude(collective=None).values_list(
            "collective__slug", flat=True).distinct():
        if _resolves(f"/collectives/{collective_slug}/"):
            paths.append(f"/collectives/{collective_slug}/")
    return paths


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def test_no_email_address_of_anyone_appears_on_shared_pages(client, db):
    call_command("seed_demo", "--force", verbosity=0)
    User.objects.filter(email="dana@crowddo.test").update(display_name="Dana Hidden",
                                                          show_in_reports=False)
    emails = list(User.objects.values_list("email", flat=True))
    pages = _pages()
    assert len(pages) >= 6
    for viewer in (None, "asha@crowddo.test", "priya@crowddo.test"):
        if viewer:
            client.force_login(User.objects.get(email=viewer))
        _assert_no_leaks(client, pages, emails)


def _assert_no_leaks(client, pages, emails):
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        body = response.content.decode()
        leaked = [e for e in emails if e in body]
        assert leaked == [], f"{path} shows {leaked}"
        assert "Dana Hidden" not in body, f"{path} shows a hidden display name"
