"""In a real browser: an apprentice claims a seat, the mentor sends a contribution back
with a comment, the apprentice resubmits, the mentor verifies, and the roll-up counts it once."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from dashboards import services as dashboards
from dashboards.models import InitiativeProgress
from roles import services
from roles.models import Claim, Contribution, Resubmission, Verification
from tests import factories
from tests.builders import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def world():
    """A one-seat role held by Mia, with one apprentice seat; Ari is new to it."""
    initiative = factories.InitiativeFactory(name="Urban trees")
    role = factories.RoleFactory(initiative=initiative, title="Tree survey lead", seats=1,
                                 apprentice_seats=1, hours_per_week=2, capability="sensemaking")
    people = {}
    for key, name in (("mia", "Mia"), ("ari", "Ari")):
        user = factories.ProfileFactory(user__email=f"{key}@example.org",
                                        user__display_name=name).user
        verified(user)
        people[key] = user
    services.claim_role(role=role, volunteer=people["mia"])
    return initiative, role, people


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="My roles")).to_be_visible()


def apprentice_claims_and_logs(page, shoot, folder, role):
    page.goto(role.get_absolute_url())
    page.get_by_role("button", name="Apply as apprentice").click()
    expect(page.get_by_text("You are an apprentice of this role")).to_be_visible()
    shoot(page, folder, "01-apprentice-seat")
    page.goto("/me/")
    card = page.locator(".claim-card", has_text="Tree survey lead")
    expect(card).to_contain_text("your mentor is Mia")
    card.get_by_text("Log a contribution").click()
    card.get_by_label("Hours:", exact=True).fill("1")
    card.get_by_label("Micro-improvements counted:", exact=True).fill("2")
    card.get_by_label("Note:", exact=True).fill("Surveyed the park")
    card.get_by_role("button", name="Save contribution").click()
    expect(page.get_by_text("Contribution logged, awaiting a peer")).to_be_visible()


def review(page):
    """From the queue on /me/ to the verifier's page of the apprentice's contribution."""
    page.goto("/me/?tab=verify")
    item = page.locator(".verify-list li", has_text="Tree survey lead")
    item.get_by_role("link", name="Review the whole contribution, then verify or send back"
                     ).click()
    expect(page.get_by_role("heading", name="Review a contribution")).to_be_visible()


def mentor_sends_back(page, shoot, folder):
    page.goto("/me/")
    expect(page.locator("#apprentices")).to_contain_text("Ari")
    review(page)
    facts = page.locator(".review .facts-list")  # the whole of it
    expect(facts).to_contain_text("Surveyed the park")
    comment = page.get_by_label("What needs to change? (the contributor reads this)")
    comment.fill("   ")  # blank: refused on the page, nothing lost
    page.get_by_role("button", name="Send back").click()
    expect(page.get_by_text("Say what needs to change: the contributor reads your comment.")
           ).to_be_visible()
    assert Contribution.objects.get().status == Contribution.Status.SUBMITTED
    shoot(page, folder, "02a-verifier-page")
    page.get_by_label("What needs to change? (the contributor reads this)").fill(
        "Add the plot numbers, please")
    page.get_by_role("button", name="Send back").click()
    expect(page.get_by_text("Sent back with your comment.")).to_be_visible()
    shoot(page, folder, "02-sent-back")


def apprentice_resubmits(page, shoot, folder):
    page.goto("/me/")
    box = page.locator("#needs-changes")
    expect(box).to_contain_text("Add the plot numbers, please")
    box.get_by_label("Hours:", exact=True).fill("1.5")
    box.get_by_label("Micro-improvements counted:", exact=True).fill("3")
    box.get_by_label(re.compile("Your answer")).fill("Plots 4 to 9 added")
    shoot(page, folder, "03-needs-changes")
    box.get_by_role("button", name="Resubmit").click()
    expect(page.get_by_text("Resubmitted.")).to_be_visible()


def mentor_verifies(page, shoot, folder):
    review(page)
    expect(page.locator(".review")).to_contain_text("Resubmitted")
    page.get_by_role("button", name="Verify contribution").click()
    expect(page.get_by_text("Verified.")).to_be_visible()
    shoot(page, folder, "04-verified")


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_apprentice_feedback_loop(open_page, shoot, live_server, js):
    initiative, role, people = world()
    folder = "apprentice-js" if js else "apprentice-nojs"
    ari, mia = open_page(js=js), open_page(js=js)
    log_in(ari, "ari@example.org")
    log_in(mia, "mia@example.org")

    apprentice_claims_and_logs(ari, shoot, folder, role)
    claim = Claim.objects.get(volunteer=people["ari"])
    assert (claim.kind, claim.mentor) == (Claim.Kind.APPRENTICE, people["mia"])
    mentor_sends_back(mia, shoot, folder)
    dashboards.refresh_initiative(initiative_id=initiative.pk)
    assert InitiativeProgress.objects.get(initiative=initiative).contributions == 0
    apprentice_resubmits(ari, shoot, folder)
    dashboards.refresh_initiative(initiative_id=initiative.pk)
    assert InitiativeProgress.objects.get(initiative=initiative).contributions == 0
    mentor_verifies(mia, shoot, folder)

    work = Contribution.objects.get()
    assert (work.status, work.hours, work.micro_improvements) == (
        Contribution.Status.VERIFIED, Decimal("1.50"), 3)
    verdicts = list(Verification.objects.filter(contribution=work).values_list(
        "outcome", "by_mentor"))
    assert verdicts == [("sent_back", True), ("verified", True)]
    assert Resubmission.objects.get(contribution=work).note == "Plots 4 to 9 added"
    for rollup in (lambda: dashboards.refresh_initiative(initiative_id=initiative.pk),
                   dashboards.rollup_everything):
        rollup()
        progress = InitiativeProgress.objects.get(initiative=initiative)
        assert (progress.contributions, progress.hours, progress.micro_improvements) == (
            1, Decimal("1.50"), 3)
    assert ari.crowddo_errors == [] and mia.crowddo_errors == []
