"""A new volunteer's whole journey in a real browser, with JavaScript on and off."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from roles.models import Claim, Contribution
from tests import builders, factories
from tests.builders import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-passphrase-42"


def world():
    """One initiative with three roles; a peer already working in it."""
    initiative = factories.InitiativeFactory(name="Cleaner rivers")
    sheets = factories.SkillFactory(name="Spreadsheets")
    steward = factories.RoleFactory(initiative=initiative, title="River data steward",
                                    hours_per_week=2, seats=2, capability="sensemaking")
    steward.skills.add(sheets)
    writer = factories.RoleFactory(initiative=initiative, title="River story writer",
                                   hours_per_week=1, seats=2, capability="relating")
    writer.skills.add(sheets)
    factories.RoleFactory(initiative=initiative, title="Heavy field lead", hours_per_week=3,
                          seats=2, capability="visioning")
    peer = factories.ProfileFactory(user__email="peer@example.org",
                                    user__display_name="Pat").user
    verified(peer)
    builders.give_standing(peer, initiative, role=writer)  # a peer with verified work there
    return peer


def sign_up_and_verify(page, shoot, folder, email):
    page.goto("/accounts/signup/")
    shoot(page, folder, "01-signup")
    page.get_by_label("Display name").fill("Robin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    shoot(page, folder, "02-verification-sent")
    message = next(m for m in mail.outbox if m.to == [email])
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    if "/accounts/login/" in page.url:  # allauth logs in on confirmation in the same session
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password:", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="My roles")).to_be_visible()
    shoot(page, folder, "03-verified-my-roles")


def fill_profile(page, shoot, folder):
    page.get_by_role("link", name="Profile", exact=True).click()
    page.get_by_label("Display name:", exact=True).fill("Robin")
    page.get_by_label("Spreadsheets").check()
    expect(page.get_by_label("Hours a week I can give")).to_have_value("4")
    shoot(page, folder, "04-profile")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()


def arrive(page, path_pattern: str):
    """Wait until the navigation a click started has landed and htmx has initialised."""
    expect(page).to_have_url(re.compile(path_pattern))
    page.wait_for_load_state("load")


def mark(page, js):
    """With JS, set a flag that a full page load would wipe out (htmx swaps keep it)."""
    if js:
        page.evaluate("window.crowddoNoReload = true")


def assert_no_reload(page, js):
    if js:
        assert page.evaluate("window.crowddoNoReload === true"), "expected an htmx swap"


def filter_roles(page, shoot, folder, js):
    page.get_by_role("link", name="Find a role").click()
    arrive(page, r"/roles/$")
    mark(page, js)
    summary = page.locator("summary", has_text="Filters")
    if page.viewport_size["width"] < 800:
        summary.click()  # folded away on a phone
    else:
        expect(summary).to_be_hidden()  # unfolded beside the results on a wide screen
        expect(page.get_by_label("Skill")).to_be_visible()
    page.get_by_label("Skill").select_option(label="Spreadsheets")
    if not js:
        page.get_by_role("button", name="Show roles").click()
    results = page.locator("#results")
    expect(results.get_by_role("heading", name="2 open roles")).to_be_visible()
    expect(results.get_by_text("Heavy field lead")).to_have_count(0)
    assert_no_reload(page, js)
    assert "skill=spreadsheets" in page.url  # filters stay in the address (hx-push-url)
    expect(results.get_by_role("link", name="Remove the filter Skill")).to_be_visible()
    shoot(page, folder, "05-roles-filtered")


def claim(page, title, js=False):
    page.goto("/roles/")
    page.get_by_role("link", name=title).click()
    arrive(page, r"/roles/\d+/$")
    mark(page, js)
    page.get_by_role("button", name="Claim this role").click()


def claim_and_get_refused(page, shoot, folder, js):
    claim(page, "River data steward", js)
    expect(page.get_by_text("The role is yours.")).to_be_visible()
    assert_no_reload(page, js)
    shoot(page, folder, "06-claimed")
    claim(page, "River story writer")
    expect(page.get_by_text("The role is yours.")).to_be_visible()
    claim(page, "Heavy field lead")
    refusal = page.locator(".messages li.error, #claim-panel .notice.error")
    expect(refusal).to_contain_text("you hold 3 h of your 4 h a week; this role needs 3 h")
    shoot(page, folder, "07-burnout-guard")


def log_release_complete(page, shoot, folder, js):
    page.get_by_role("link", name="My roles").click()
    arrive(page, r"/me/$")
    mark(page, js)
    card = page.locator(".claim-card", has_text="River data steward")
    card.get_by_text("Log a contribution").click()
    card.get_by_label("Hours:", exact=True).fill("1.5")
    card.get_by_label("Micro-improvements counted:", exact=True).fill("3")
    card.get_by_label("Note:", exact=True).fill("Checked five gauges")
    card.get_by_role("button", name="Save contribution").click()
    expect(page.get_by_text("Contribution logged, awaiting a peer")).to_be_visible()
    expect(page.locator(".claim-card", has_text="River data steward")).to_contain_text(
        "Logged so far: 1.50 h, 3 micro-improvements")
    assert_no_reload(page, js)
    shoot(page, folder, "08-contribution-logged")
    writer = page.locator(".claim-card", has_text="River story writer")
    writer.get_by_text("Finish or hand over").click()
    release = writer.locator("form", has=page.get_by_text("Release this role"))
    release.get_by_label("What is done").fill("Drafts in the folder")
    release.get_by_label("What is still open").fill("The June story")
    release.get_by_label("Whom to ask").fill("Pat")
    release.get_by_text("Release this role", exact=True).click()  # it asks once more
    release.get_by_role("button", name="Yes, release this role").click()
    expect(page.get_by_text("You released the role.")).to_be_visible()
    steward = page.locator(".claim-card", has_text="River data steward")
    steward.get_by_text("Finish or hand over").click()
    steward.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Marked complete.")).to_be_visible()
    shoot(page, folder, "09-released-and-completed")


def peer_verifies(open_page, shoot, folder, js):
    page = open_page(js=js)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("peer@example.org")
    page.get_by_label("Password:", exact=True).fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name=re.compile("To verify")).click()  # a tab of /me/
    expect(page.get_by_role("heading", name="Verification requests")).to_be_visible()
    shoot(page, folder, "10-peer-requests")
    item = page.locator(".verify-list li", has_text="River data steward").filter(
        has=page.get_by_role("button", name="Verify completed role"))
    item.get_by_label("Comment (optional)").fill("Saw the gauges")
    item.get_by_role("button", name="Verify completed role").click()
    expect(page.get_by_text("Verified. Thank you")).to_be_visible()
    shoot(page, folder, "11-verified")
    return page


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_new_volunteer_journey(open_page, shoot, live_server, js):
    world()
    folder = "journey-js" if js else "journey-nojs"
    email = f"robin-{folder}@example.org"
    page = open_page(js=js)

    sign_up_and_verify(page, shoot, folder, email)
    fill_profile(page, shoot, folder)
    filter_roles(page, shoot, folder, js)
    claim_and_get_refused(page, shoot, folder, js)
    log_release_complete(page, shoot, folder, js)
    peer_page = peer_verifies(open_page, shoot, folder, js)

    robin_claims = Claim.objects.filter(volunteer__email=email)
    assert set(robin_claims.values_list("role__title", "status")) == {
        ("River data steward", "verified"), ("River story writer", "released")}
    assert robin_claims.get(status="released").handoff_open == "The June story"
    assert Contribution.objects.get(claim__volunteer__email=email).micro_improvements == 3
    assert page.crowddo_errors == [] and peer_page.crowddo_errors == []
    page.goto("/me/?tab=numbers")
    expect(page.locator(".levels li.current")).to_contain_text("Micro-leader — your level")
    shoot(page, folder, "12-journey-level")
