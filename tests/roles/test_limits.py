"""Limits — one place (`roles.limits`): the database, the services, the forms, the API and the
messages take the same bounds, whichever path the input comes through."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from crowddo.errors import Invalid
from people.models import Membership
from roles import limits, services
from roles.admin.proposals import ProposalDeclineForm
from roles.forms import ProposalAcceptForm
from roles.models import Contribution, Proposal, Role, WaitlistEntry
from tests import builders, factories


@pytest.fixture
def claim(db):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=8).user
    return services.claim_role(role=factories.RoleFactory(), volunteer=volunteer)


@pytest.fixture
def manager(db):
    org = factories.OrganizationFactory()
    return factories.MembershipFactory(organization=org,
                                       level=Membership.Level.ORCHESTRATOR).user, org


def test_the_database_takes_no_more_hours_than_the_services(claim):
    """The constraint said 168 hours while every service said one day (24)."""
    over = limits.HOURS_PER_CONTRIBUTION + Decimal("0.25")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Contribution.objects.create(organization_id=claim.organization_id, claim=claim,
                                    date=timezone.localdate(), hours=over)
    with pytest.raises(Invalid, match=f"at most {limits.HOURS_PER_CONTRIBUTION} for one day"):
        services.contribution_log(claim=claim, volunteer=claim.volunteer,
                                  date=timezone.localdate(), hours=over)
    Contribution.objects.create(organization_id=claim.organization_id, claim=claim,
                                date=timezone.localdate(), hours=limits.HOURS_PER_CONTRIBUTION)


def test_stale_days_are_bounded_on_every_path_not_only_the_admins(manager):
    """MAX_STALE_DAYS was enforced by the admin's bulk action only."""
    boss, org = manager
    initiative = factories.InitiativeFactory(organization=org)
    too_many = limits.MAX_STALE_DAYS + 1
    with pytest.raises(Invalid, match=f"less than or equal to {limits.MAX_STALE_DAYS}"):
        services.role_create(initiative=initiative, actor=boss, title="T", responsibility="R",
                             capability="relating", stale_after_days=too_many)
    role = services.role_create(initiative=initiative, actor=boss, title="T",
                                responsibility="R", capability="relating",
                                stale_after_days=limits.MAX_STALE_DAYS)
    with pytest.raises(Invalid, match=f"less than or equal to {limits.MAX_STALE_DAYS}"):
        services.role_update(role=role, actor=boss, stale_after_days=too_many)
    assert Role.objects.get(pk=role.pk).stale_after_days == limits.MAX_STALE_DAYS


def test_a_note_longer_than_the_limit_is_refused_by_the_service(claim):
    """The form bounded the note; the service (every other path) stored any length."""
    with pytest.raises(Invalid, match="at most 4,000 characters"):
        services.contribution_log(claim=claim, volunteer=claim.volunteer,
                                  date=timezone.localdate(), hours=1,
                                  note="x" * (limits.NOTE_MAX + 1))
    assert not Contribution.objects.exists()


def test_a_verify_comment_is_checked_like_every_other_comment(claim):
    peer = factories.ProfileFactory(weekly_capacity_hours=8).user
    builders.give_standing(peer, claim.role.initiative)  # verified work of their own there
    services.claim_complete(claim=claim, volunteer=claim.volunteer)
    for bad in ("x" * (limits.NOTE_MAX + 1), "nul \x00 inside"):
        with pytest.raises(Invalid):
            services.claim_verify(claim=claim, verifier=peer, comment=bad)
    assert services.claim_verify(claim=claim, verifier=peer, comment="Good.").status == "verified"


def test_a_proposal_title_over_the_limit_is_a_message_not_a_database_error(db):
    volunteer = factories.ProfileFactory().user
    initiative = factories.InitiativeFactory()
    with pytest.raises(Invalid, match=f"at most {limits.TITLE_MAX} characters"):
        services.proposal_submit(initiative=initiative, author=volunteer,
                                 title="t" * (limits.TITLE_MAX + 1), description="Why.")
    assert not Proposal.objects.exists()


def test_the_admin_and_the_page_take_the_same_decline_reason_and_seats():
    """The admin's decline form stopped at 2,000 characters, the page's at 4,000; the accept
    form's seats at 100, the API's at 1,000."""
    reason = {"reason": "r" * limits.NOTE_MAX}
    assert ProposalDeclineForm(reason).is_valid()
    assert not ProposalDeclineForm({"reason": "r" * (limits.NOTE_MAX + 1)}).is_valid()
    accept = {"hours_per_week": 2, "capability": "inventing", "seats": limits.SEATS_MAX}
    assert ProposalAcceptForm(accept).is_valid()
    assert not ProposalAcceptForm({**accept, "seats": limits.SEATS_MAX + 1}).is_valid()


@pytest.mark.parametrize("hold, said", [
    (dt.timedelta(hours=48), "48 hours"), (dt.timedelta(days=7), "7 days"),
    (dt.timedelta(hours=1), "1 hour"), (dt.timedelta(hours=24), "24 hours"),
])
def test_holds_are_said_as_people_say_them(hold, said):
    assert limits.duration(hold) == said


def test_messages_and_e_mails_are_formatted_from_the_constants(client, db, monkeypatch):
    """Change a hold in `roles.limits` and the page's message and the offer e-mail follow:
    neither retypes "48 hours"."""
    monkeypatch.setattr(limits, "OFFER_HOLD", dt.timedelta(hours=60))
    volunteer = factories.ProfileFactory(weekly_capacity_hours=8).user
    role = factories.RoleFactory(seats=1)
    services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    client.force_login(volunteer)
    page = client.post(f"/roles/{role.pk}/waitlist/", follow=True).content.decode()
    assert "we hold it for you for 60 hours and e-mail you" in page
    entry = WaitlistEntry(role=role, volunteer=volunteer, via=WaitlistEntry.Via.WAITLIST)
    subject = render_to_string("emails/seat_offer_subject.txt", {"entry": entry, "role": role})
    assert subject.strip() == f"A seat is yours for 60 hours: {role.title}"
