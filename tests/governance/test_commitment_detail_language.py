"""A commitment status stores a code and its figures; the sentence is written in the reader's
language when it is shown (page, API, e-mail)."""

import datetime as dt
import importlib

import pytest
from django.utils import timezone, translation

from governance.models import Commitment, CommitmentStatus
from governance.services import commitment_status
from roles.models import Contribution
from tests import factories
from tests.builders import api_key, bearer, contribution_in

TODAY = dt.date(2026, 11, 23)


def backlog(world):
    """Beta: two contributions waiting, the oldest due for verification on 25 November."""
    commitment = factories.CommitmentFactory(
        collective=world.collective,
        limit_days=7,
        remind_days_before=3,
        kind=Commitment.Kind.VERIFY_WITHIN,
    )
    for days in (5, 1):
        c = contribution_in(world.b_initiative, status=Contribution.Status.SUBMITTED)
        created = timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days), dt.time(12)))
        Contribution.objects.filter(pk=c.pk).update(created_at=created)
    commitment_status.refresh_commitment(commitment, TODAY)
    return CommitmentStatus.objects.get(commitment=commitment, organization=world.b)


def test_the_status_stores_a_code_and_figures_not_a_sentence(world):
    status = backlog(world)
    assert (status.detail_code, status.detail_params) == ("waiting", {"n": 2, "date": "2026-11-25"})
    assert status.detail == "2 waiting; the oldest must be verified by 25 November 2026"
    with translation.override("hi"):
        assert status.detail == ("2 प्रतीक्षा में; सबसे पुराने का सत्यापन 25 नवंबर 2026 तक होना चाहिए")


def test_a_month_and_its_plural_in_hindi(world):
    commitment = factories.CommitmentFactory(
        collective=world.collective,
        kind=Commitment.Kind.MONTHLY_REPORT,
        starts_on=dt.date(2026, 9, 1),
    )
    contribution_in(world.a_initiative, date=dt.date(2026, 11, 3))
    commitment_status.refresh_commitment(commitment, TODAY)
    alpha = CommitmentStatus.objects.get(commitment=commitment, organization=world.a)
    beta = CommitmentStatus.objects.get(commitment=commitment, organization=world.b)
    assert alpha.detail == "1 report for November 2026"
    assert beta.detail == "No figures for October 2026"  # overdue: nothing last month
    with translation.override("hi"):
        assert alpha.detail == "नवंबर 2026 के लिए 1 रिपोर्ट"
        assert beta.detail == "अक्तूबर 2026 के कोई आँकड़े नहीं"
    commitment_status.refresh_commitment(commitment, dt.date(2026, 12, 2))
    alpha.refresh_from_db()
    assert alpha.detail_code == "month_pending"
    with translation.override("es"):
        assert alpha.detail == "Las cifras de diciembre de 2026 aún no llegaron"


def test_the_accountability_page_and_the_api_show_it_in_the_readers_language(client, world):
    backlog(world)
    client.force_login(world.b_orch)
    page = client.get(
        f"/collectives/{world.collective.slug}/accountability/", HTTP_ACCEPT_LANGUAGE="hi"
    ).content.decode()
    assert "सबसे पुराने का सत्यापन 25 नवंबर 2026 तक होना चाहिए" in page
    assert "the oldest must be verified" not in page
    _, key = api_key(world.b)
    answer = client.get(
        f"/api/v1/collectives/{world.collective.slug}/commitments/",
        HTTP_ACCEPT_LANGUAGE="pt-BR",
        **bearer(key),
    )
    assert answer.status_code == 200, answer.content
    details = {s["detail"] for c in answer.json() for s in c["statuses"]}
    assert "2 aguardando; a mais antiga deve ser verificada até 25 de Novembro de 2026" in (details)


MIGRATION = importlib.import_module("governance.migrations.0007_commitment_detail_as_code")


@pytest.mark.parametrize(
    ("sentence", "code", "params"),
    [
        # Exactly what the refresh used to write (its f-strings, English month names).
        (
            f"3 report(s) for {dt.date(2026, 11, 3):%B %Y}",
            "month_reported",
            {"n": 3, "month": "2026-11"},
        ),
        (f"No figures for {dt.date(2026, 10, 31):%B %Y}", "month_missed", {"month": "2026-10"}),
        (
            f"Figures for {dt.date(2026, 11, 3):%B %Y} not in yet",
            "month_pending",
            {"month": "2026-11"},
        ),
        ("Nothing waiting for verification", "none_waiting", {}),
        (
            f"2 waiting; the oldest must be verified by {dt.date(2026, 11, 25):%d %b %Y}",
            "waiting",
            {"n": 2, "date": "2026-11-25"},
        ),
        (f"Marked kept on {dt.date(2026, 12, 1):%d %b %Y}", "marked_kept", {"date": "2026-12-01"}),
        ("Not marked kept by its due date", "not_marked_late", {}),
        ("Not marked kept yet", "not_marked", {}),
        ("something a later version wrote", "", {}),
    ],
)
def test_the_migration_turns_the_stored_sentences_into_codes(sentence, code, params):
    assert MIGRATION.parse(sentence) == (code, params)
