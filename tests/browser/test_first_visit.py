"""a visitor starts from a role, signs up with a name, follows the e-mail link and
lands signed in back on that role, then claims it (the live server is on a random port, never
the default 8000)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from people.models import User
from roles.models import Claim
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-enough-passphrase-42"


def test_sign_up_from_a_role_and_come_back_to_claim_it(open_page, live_server, settings, shoot):
    settings.SITE_URL = live_server.url
    assert not live_server.url.endswith(":8000")
    role = factories.RoleFactory(title="River data steward", hours_per_week=2, seats=2)
    page = open_page()
    page.goto(f"/roles/{role.pk}/")
    page.locator("#claim-panel").get_by_role("link", name="Sign up").click()
    page.get_by_label("Display name").fill("Robin")
    page.get_by_label("Email").fill("robin@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    shoot(page, "first-visit", "01-signup")
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Verify your email", re.I))).to_be_visible()

    message = next(m for m in mail.outbox if m.to == ["robin@example.org"])
    assert "example.com" not in message.subject + message.body
    assert message.subject.startswith("[CrowdDo] ")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert link.startswith(live_server.url)  # the port the site is served on
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(rf"/roles/{role.pk}/$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()  # signed in
    shoot(page, "first-visit", "02-back-on-the-role")
    expect(page.locator("#role-seats")).to_have_text("2 of 2 left")
    page.get_by_role("button", name="Claim this role").click()
    expect(page.get_by_text("The role is yours.")).to_be_visible()
    expect(page.locator("#role-seats")).to_have_text("1 of 2 left")  # updated in place
    robin = User.objects.get(email="robin@example.org")
    assert robin.display_name == "Robin"
    assert Claim.objects.filter(role=role, volunteer=robin, status=Claim.Status.ACTIVE).exists()
    assert page.crowddo_errors == []
