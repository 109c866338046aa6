"""axe-core (bundled in axe-playwright-python, nothing fetched) on the pages most people see,
in English and in Hindi (the language the catalogue tests check hardest), on a desktop and a
phone."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from roles import services
from tests import factories
from tests.browser.conftest import ARTIFACTS
from tests.builders import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious(page) -> list[dict]:
    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]


def keyboard_scrolls_the_grid(page, phone):
    """The coverage grid scrolls sideways on a phone; a keyboard user tabs to it and scrolls."""
    grid = page.locator(".coverage .table-scroll")
    expect(grid).to_have_count(1)
    if not phone:
        return
    assert grid.evaluate("e => e.scrollWidth > e.clientWidth"), "the grid should overflow"
    grid.focus()
    assert grid.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=grid.element_handle(), timeout=5000)


@pytest.mark.parametrize(("phone", "language"),
                         [(False, "en"), (True, "en"), (False, "hi"), (True, "hi")],
                         ids=["desktop", "phone", "desktop-hi", "phone-hi"])
def test_main_pages_have_no_serious_or_critical_axe_violations(open_page, shoot, phone,
                                                                language):
    role = factories.RoleFactory(title="Accessible role", success_looks_like="Done weekly")
    collective = factories.CollectiveFactory(coordinator=role.initiative.organization)
    role.initiative.collective = collective
    role.initiative.save(update_fields=["collective"])
    # A coverage grid wider than a phone: its scrolling region must take keyboard focus.
    themes = [factories.ThemeFactory(collective=collective, name=f"Theme of the work {n}")
              for n in range(5)]
    for region in (factories.RegionFactory(), factories.RegionFactory()):
        for theme in themes:
            factories.CoveragePieceFactory(theme=theme, region=region)
    role.skills.add(factories.SkillFactory(name="Writing"))
    user = factories.ProfileFactory(user__email="axe@example.org").user
    verified(user)
    claim = services.claim_role(role=factories.RoleFactory(initiative=role.initiative),
                                volunteer=user)
    services.claim_complete(claim=claim, volunteer=user)

    page = open_page(phone=phone)
    folder = ("axe-phone" if phone else "axe-desktop") + ("" if language == "en" else "-hi")
    page.goto("/")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                               "url": page.url}])
    found = {}
    for name, url in [("home", "/"), ("roles", "/roles/"), ("role", f"/roles/{role.pk}/"),
                      ("signup", "/accounts/signup/"), ("collectives", "/collectives/"),
                      ("collective", f"/collectives/{collective.slug}/"),
                      ("coverage", f"/collectives/{collective.slug}/coverage/"),
                      ("not-found", "/no-such-page/")]:
        page.goto(url)
        found[url] = serious(page)
        shoot(page, folder, name)
        if name == "coverage":
            keyboard_scrolls_the_grid(page, phone)
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill("correct-horse-battery")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/me/**")
    found["/me/"] = serious(page)
    shoot(page, folder, "me")

    (ARTIFACTS / folder / "axe.json").write_text(json.dumps(found, indent=2))
    assert found == {url: [] for url in found}, json.dumps(found, indent=2)
    assert page.crowddo_errors == []
