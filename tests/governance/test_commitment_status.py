"""Commitment status computed from the data, against cases worked out by hand."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from crowddo.errors import InvalidState, NotAllowed
from governance import services as governance
from governance import tasks
from governance.models import Commitment, CommitmentStatus
from governance.services import commitment_status
from people.models import User
from roles.models import Contribution
from tests import factories
from tests.builders import contribution_in

TODAY = dt.date(2026, 11, 23)


def states(commitment, today=TODAY):
    commitment_status.refresh_commitment(commitment, today)
    return {s.organization.name: (s.state, s.due_on)
            for s in CommitmentStatus.objects.filter(commitment=commitment)
            .select_related("organization")}


def monthly(world, **kwargs):
    return factories.CommitmentFactory(collective=world.collective,
                                       kind=Commitment.Kind.MONTHLY_REPORT, **kwargs)


def test_monthly_report_kept_due_and_overdue_match_hand_made_cases(world):
    commitment = monthly(world, starts_on=dt.date(2026, 9, 1))
    contribution_in(world.a_initiative, date=dt.date(2026, 11, 3))   # Alpha: this month
    contribution_in(world.b_initiative, date=dt.date(2026, 10, 30))  # Beta: last month only
    assert states(commitment) == {
        "Alpha": ("kept", dt.date(2026, 11, 30)),
        "Beta": ("due", dt.date(2026, 11, 30)),
    }
    # December 2: Beta's November went by without figures -> overdue for November 30
    assert states(commitment, dt.date(2026, 12, 2)) == {
        "Alpha": ("due", dt.date(2026, 12, 31)),
        "Beta": ("overdue", dt.date(2026, 11, 30)),
    }


def test_monthly_report_is_not_overdue_before_it_was_in_force(world):
    commitment = monthly(world, starts_on=dt.date(2026, 11, 10))
    assert states(commitment) == {"Alpha": ("due", dt.date(2026, 11, 30)),
                                  "Beta": ("due", dt.date(2026, 11, 30))}


def test_monthly_report_counts_only_its_region_and_below(world):
    country = factories.RegionFactory(name="India")
    state = factories.RegionFactory(name="Punjab", level="state", parent=country)
    district = factories.RegionFactory(name="Ludhiana", level="district", parent=state)
    elsewhere = factories.RegionFactory(name="Brazil")
    commitment = monthly(world, region=state, starts_on=dt.date(2026, 11, 1))
    contribution_in(world.a_initiative, date=dt.date(2026, 11, 5), region=district)
    contribution_in(world.b_initiative, date=dt.date(2026, 11, 5), region=elsewhere)
    assert states(commitment) == {"Alpha": ("kept", dt.date(2026, 11, 30)),
                                  "Beta": ("due", dt.date(2026, 11, 30))}


def test_work_outside_the_collective_or_sent_back_does_not_count(world):
    commitment = monthly(world, starts_on=dt.date(2026, 11, 1))
    outside = factories.InitiativeFactory(organization=world.a)  # not in the collective
    contribution_in(outside, date=dt.date(2026, 11, 5))
    contribution_in(world.b_initiative, date=dt.date(2026, 11, 5),
                    status=Contribution.Status.SENT_BACK)
    assert {s for s, _ in states(commitment).values()} == {"due"}


def submitted_days_ago(initiative, days):
    c = contribution_in(initiative, status=Contribution.Status.SUBMITTED)
    created = timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days), dt.time(12)))
    Contribution.objects.filter(pk=c.pk).update(created_at=created)


def test_verification_backlog_kept_due_and_overdue_match_hand_made_cases(world):
    third = factories.OrganizationFactory(name="Gamma")
    factories.CollectiveMembershipFactory(collective=world.collective, organization=third)
    gamma_initiative = factories.InitiativeFactory(organization=third, collective=world.collective)
    commitment = factories.CommitmentFactory(
        collective=world.collective, limit_days=7, remind_days_before=3,
        kind=Commitment.Kind.VERIFY_WITHIN)
    contribution_in(world.a_initiative)          # Alpha: verified already, nothing waiting
    submitted_days_ago(world.b_initiative, 5)    # Beta: deadline Nov 25, 2 days away -> due
    submitted_days_ago(world.b_initiative, 1)
    submitted_days_ago(gamma_initiative, 9)      # Gamma: deadline Nov 21 passed -> overdue
    assert states(commitment) == {
        "Alpha": ("kept", None),
        "Beta": ("due", dt.date(2026, 11, 25)),
        "Gamma": ("overdue", dt.date(2026, 11, 21)),
    }
    assert states(commitment, dt.date(2026, 11, 20))["Beta"] == ("kept", dt.date(2026, 11, 25))


def test_marked_commitment_is_due_then_overdue_until_its_owner_marks_it(world):
    commitment = governance.commitment_create(
        collective=world.collective, actor=world.coord, title="Share the district plan",
        kind=Commitment.Kind.MARKED, owner=world.b, due_on=dt.date(2026, 11, 30))
    assert states(commitment) == {"Beta": ("due", dt.date(2026, 11, 30))}
    assert states(commitment, dt.date(2026, 12, 1)) == {"Beta": ("overdue", dt.date(2026, 11, 30))}
    status = governance.commitment_mark(commitment=commitment, organization=world.b,
                                        actor=world.b_orch, note="Shared at the circle.")
    assert status.marked_by == world.b_orch
    assert states(commitment, dt.date(2026, 12, 1)) == {"Beta": ("kept", dt.date(2026, 11, 30))}


def test_only_the_owner_marks_and_only_marked_commitments(world):
    marked = governance.commitment_create(
        collective=world.collective, actor=world.coord, title="Plan", owner=world.b,
        kind=Commitment.Kind.MARKED, due_on=dt.date(2026, 11, 30))
    with pytest.raises(NotAllowed):
        governance.commitment_mark(commitment=marked, organization=world.b, actor=world.x_orch)
    with pytest.raises(NotAllowed, match="not Alpha's to mark"):
        governance.commitment_mark(commitment=marked, organization=world.a, actor=world.coord)
    from_data = monthly(world)
    with pytest.raises(InvalidState, match="checked from the data"):
        governance.commitment_mark(commitment=from_data, organization=world.b, actor=world.b_orch)
    assert not CommitmentStatus.objects.filter(marked_kept_at__isnull=False).exists()


def test_only_the_coordinator_adds_commitments_and_each_is_a_decision(world):
    with pytest.raises(NotAllowed):
        governance.commitment_create(collective=world.collective, actor=world.b_orch,
                                     title="x", kind=Commitment.Kind.VERIFY_WITHIN)
    c = governance.commitment_create(collective=world.collective, actor=world.coord,
                                     title="Verify within a week", limit_days=7,
                                     kind=Commitment.Kind.VERIFY_WITHIN)
    assert world.collective.decisions.filter(title="Commitment added: Verify within a week")
    assert CommitmentStatus.objects.filter(commitment=c).count() == 2  # computed at once


def test_refresh_is_idempotent_and_drops_organizations_that_left(world):
    commitment = monthly(world)
    commitment_status.refresh_commitment(commitment, TODAY)
    commitment_status.refresh_commitment(commitment, TODAY)
    assert CommitmentStatus.objects.filter(commitment=commitment).count() == 2
    world.collective.collectivemembership_set.filter(organization=world.b).delete()
    commitment_status.refresh_commitment(commitment, TODAY)
    assert list(CommitmentStatus.objects.values_list("organization__name", flat=True)) == ["Alpha"]


def test_refresh_task_computes_every_commitment(world, django_assert_max_num_queries):
    for _ in range(3):
        monthly(world)
    for _ in range(5):  # more contributions do not mean more queries: figures are one GROUP BY
        contribution_in(world.b_initiative)
    # 1 list + per commitment: savepoint, members, figures, upsert, prune, release
    with django_assert_max_num_queries(19):
        assert tasks.commitments_refresh.delay().get() == 6


def test_reminders_go_once_per_due_date_to_the_members_own_orchestrators(world):
    commitment = governance.commitment_create(
        collective=world.collective, actor=world.coord, title="Share the plan", owner=world.b,
        kind=Commitment.Kind.MARKED, due_on=dt.date(2026, 11, 25), remind_days_before=3)
    commitment_status.refresh_commitment(commitment, TODAY)
    mail.outbox.clear()
    assert commitment_status.send_reminders(dt.date(2026, 11, 21)) == 0  # 4 days before: early
    assert commitment_status.send_reminders(TODAY) == 1
    assert commitment_status.send_reminders(TODAY) == 0  # idempotent
    assert tasks.commitment_reminders.delay().get() == 0
    assert len(mail.outbox) == 1
    recipients = set(mail.outbox[0].to)
    assert world.b_orch.email in recipients
    assert recipients.isdisjoint({world.coord.email, world.x_orch.email, world.b_member.email})
    assert "Share the plan" in mail.outbox[0].subject



@pytest.mark.parametrize(("language", "subject", "sentence"), [
    ("en", "Due 25 November: Share the plan", "falls due on 25 November 2026 for"),
    ("hi", "25 नवंबर तक: Share the plan", "की नियत तिथि 25 नवंबर 2026 है।"),
    ("pt-br", "Prazo 25 de Novembro: Share the plan", "vence em 25 de Novembro de 2026 para"),
    ("es", "Vence el 25 de noviembre: Share the plan", "vence el 25 de noviembre de 2026 para"),
])
def test_the_reminder_speaks_the_recipients_language_with_its_dates(
        world, settings, language, subject, sentence):
    """The reminder is a translated template: the sentence and the dates (Django's formats
    of the language) follow the recipients' stored language (people.mail), not the language
    active where the job runs; the link is built from SITE_URL."""
    settings.SITE_URL = "http://demo.example:8231"
    commitment = governance.commitment_create(
        collective=world.collective, actor=world.coord, title="Share the plan", owner=world.b,
        kind=Commitment.Kind.MARKED, due_on=dt.date(2026, 11, 25), remind_days_before=3)
    commitment_status.refresh_commitment(commitment, TODAY)
    User.objects.filter(memberships__organization=world.b).update(language=language)
    mail.outbox.clear()
    with translation.override("es" if language != "es" else "hi"):
        assert commitment_status.send_reminders(TODAY) == 1
    [sent] = mail.outbox
    assert sent.subject == subject
    assert sentence in sent.body and world.b.name in sent.body
    assert (f"http://demo.example:8231/collectives/{world.collective.slug}/accountability/"
            in sent.body)
    assert "&quot;" not in sent.body + sent.subject and "&#x27;" not in sent.body
