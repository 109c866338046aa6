"""Playwright driving Debian's Chromium against pytest-django's live server.

Nothing is downloaded: the browser is /usr/bin/chromium, axe-core comes bundled in the
axe-playwright-python wheel. Screenshots go to test-artifacts/browser/.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.sites.models import Site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture
def chromium(monkeypatch):
    """A fresh Playwright + Chromium per test, stopped before the database is flushed.

    Playwright's sync API keeps an event loop running in this thread while it is started,
    and Django refuses ORM calls while a loop runs; the variable below allows the test's own
    ORM calls. Both end with the test, so nothing leaks into other tests or subprocesses.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":  # CI installs it (.ci/run): never skip there
            pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import expect, sync_playwright

    # The pages wait 15 s for an element (open_page); let assertions wait as long, since
    # under `make test` another worker shares the CPU with the browser and the live server.
    expect.set_options(timeout=15_000)

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()
    # ORM calls made while Playwright ran used their own connection (its greenlet has its
    # own context); close it here or the test database cannot be dropped at the end.
    connections.close_all()
    playwright.stop()


@pytest.fixture
def open_page(chromium, live_server, settings):
    """open_page(js=True, phone=False) -> a Page whose relative URLs go to the live server."""
    # Another transactional test on this worker may have flushed the Site row that the
    # migrations made; allauth's sign-in pages need it.
    Site.objects.get_or_create(pk=settings.SITE_ID,
                               defaults={"domain": "testserver", "name": "CrowdDo"})
    contexts = []

    def make(js: bool = True, phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1200, "height": 900}
        context = chromium.new_context(base_url=live_server.url, java_script_enabled=js,
                                       viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.crowddo_errors = []
        page.on("pageerror", lambda exc: page.crowddo_errors.append(str(exc)))
        # Anything not from the live server would be a CDN or a leak: block and record it.
        page.route(re.compile(r"^(?!" + re.escape(live_server.url) + ").*"),
                   lambda route: (page.crowddo_errors.append("remote: " + route.request.url),
                                  route.abort()))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shoot():
    """shoot(page, folder, name): save a full-page screenshot under test-artifacts/browser/."""

    def save(page, folder: str, name: str) -> Path:
        path = ARTIFACTS / folder / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
