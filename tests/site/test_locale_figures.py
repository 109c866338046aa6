"""Figures and dates follow the page's language: a figure of 1,000 or more is grouped as the
locale writes it (en "1,234", pt-BR "1.234", es "1 234" with a no-break space, Hindi's lakh
grouping "12,34,567") on the
collective dashboard, /roles/ and /me/, and dates use the locale's formats (Django's, or the
site's own in crowddo/formats)."""

import datetime as dt
import re

import pytest
from django.utils import formats, translation

from dashboards import services as dashboards_services
from roles.models import Claim, Role, WaitlistEntry
from tests import factories
from tests.builders import person

NBSP = "\xa0"  # Spanish groups with a no-break space, so "1 234" never breaks across lines
LANGUAGES = {"en": "1,234", "pt-BR": "1.234", "es": f"1{NBSP}234"}
MILLIONS = {"en": "1,234,567", "pt-BR": "1.234.567", "es": f"1{NBSP}234{NBSP}567"}


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.activate("en")


@pytest.fixture
def worked(db):
    """A public collective with 1,234 verified micro-improvements by one volunteer, toward a
    goal of 1,234,567."""
    collective = factories.CollectiveFactory(slug="wells", goal_target=1_234_567)
    initiative = factories.InitiativeFactory(collective=collective,
                                             organization=collective.coordinator)
    volunteer = person(8)
    claim = factories.ClaimFactory(role=factories.RoleFactory(initiative=initiative),
                                   volunteer=volunteer, status=Claim.Status.ACTIVE)
    for n in (600, 634):
        factories.ContributionFactory(claim=claim, micro_improvements=n)
    dashboards_services.rollup_everything()
    return volunteer


@pytest.mark.parametrize(("language", "grouped"), LANGUAGES.items())
def test_dashboard_and_my_numbers_group_thousands_as_the_locale_does(
        client, worked, language, grouped):
    page = client.get("/collectives/wells/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<strong>{grouped}</strong>" in page
    assert MILLIONS[language] in page
    client.force_login(worked)
    mine = client.get("/me/?tab=numbers", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<strong>{grouped}</strong>" in mine


def test_hindi_groups_lakhs(client, worked):
    page = client.get("/collectives/wells/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert "<strong>1,234</strong>" in page and "12,34,567" in page


@pytest.mark.parametrize(("language", "more_than"), [("en", "More than 1,000 open roles"),
                                                     ("pt-BR", "Mais de 1.000 papéis abertos"),
                                                     ("es", f"Más de 1{NBSP}000 roles abiertos")])
def test_the_role_count_is_grouped_too(client, db, language, more_than):
    initiative = factories.InitiativeFactory()
    Role.objects.bulk_create(
        Role(initiative=initiative, organization=initiative.organization, title=f"Role {i}",
             responsibility="One thing.", capability="relating", hours_per_week=1, seats=1,
             status=Role.Status.OPEN) for i in range(1001))
    page = client.get("/roles/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert more_than in page


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "19 Nov 2030, 18:05 UTC"),  # the site's own English style (crowddo/formats/en)
    ("pt-BR", "19/11/2030 18:05"),  # Django's pt_BR SHORT_DATETIME_FORMAT
    ("es", "19/11/2030 18:05"),  # Django's es SHORT_DATETIME_FORMAT
    ("hi", "19 नव॰ 2030, 18:05 UTC"),  # crowddo/formats/hi, CLDR's month abbreviation
])
def test_dates_on_my_roles_use_the_locales_format(client, db, language, shown):
    volunteer = person(8)
    factories.WaitlistEntryFactory(
        volunteer=volunteer, status=WaitlistEntry.Status.OFFERED,
        offer_expires_at=dt.datetime(2030, 11, 19, 18, 5, tzinfo=dt.UTC))
    client.force_login(volunteer)
    page = client.get("/me/?tab=roles", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in page


def test_hindi_writes_dates_day_first_with_its_month_names():
    """crowddo/formats/hi over Django's Hindi ("02-12-2026", "6:05 बजे" for a.m. and p.m.
    alike, "दिसमबर"): the month spelt and abbreviated as CLDR does (locale_django/hi)."""
    when = dt.datetime(2026, 12, 2, 18, 5, tzinfo=dt.UTC)
    with translation.override("hi"):
        shown = {name: formats.date_format(when, name) for name in (
            "DATE_FORMAT", "SHORT_DATE_FORMAT", "TIME_FORMAT", "MONTH_DAY_FORMAT",
            "YEAR_MONTH_FORMAT", "SHORT_DATETIME_FORMAT")}
        months = [formats.date_format(dt.date(2026, m, 1), "M") for m in range(1, 13)]
    assert shown == {"DATE_FORMAT": "2 दिसंबर 2026", "SHORT_DATE_FORMAT": "2 दिस॰ 2026",
                     "TIME_FORMAT": "18:05", "MONTH_DAY_FORMAT": "2 दिसंबर",
                     "YEAR_MONTH_FORMAT": "दिसंबर 2026",
                     "SHORT_DATETIME_FORMAT": "2 दिस॰ 2026, 18:05 UTC"}
    assert months == ["जन॰", "फ़र॰", "मार्च", "अप्रैल", "मई", "जून", "जुल॰", "अग॰", "सित॰",
                      "अक्तू॰", "नव॰", "दिस॰"]


@pytest.mark.parametrize(("language", "sentence"), [
    ("en", "<strong>1,234</strong> of 1,234,567 {label} (0%)"),
    ("hi", "12,34,567 {label} में से <strong>1,234</strong> (0%)"),
    ("es", "<strong>1\xa0234</strong> de 1\xa0234\xa0567 {label} (0\xa0%)"),
])
def test_a_collectives_goal_reads_as_one_sentence_in_each_language(
        client, worked, language, sentence):
    """"751 of 1,000 …" is one translated sentence, so Hindi can put the goal first; the
    percent sign never wraps away from its figure."""
    from initiatives.models import Collective

    label = Collective.objects.get(slug="wells").goal_label
    page = client.get("/collectives/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert sentence.format(label=label) in page


@pytest.mark.parametrize(("language", "day"), [
    ("en", r"\d{1,2} [A-Z][a-z]{2} \d{4}"), ("hi", r"\d{1,2} \S+ \d{4}"),
    ("pt-BR", r"\d{2}/\d{2}/\d{4}")])
def test_the_progress_charts_days_are_written_as_the_language_does(
        client, worked, language, day):
    """The time axis and the table under the chart show days in the short date style of the
    page, not the ISO dates the CSV keeps."""
    from dashboards.charts.render import day_label

    with translation.override("hi"):
        assert day_label("2026-09-10") == "10 सित॰ 2026"
    assert day_label("India") is None and day_label("2026-13-40") is None
    page = client.get("/collectives/wells/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(rf'<th scope="row">{day}</th>', page)
    assert not re.search(r'<th scope="row">\d{4}-\d{2}-\d{2}</th>', page)
    svg = client.get("/collectives/wells/charts/progress.svg",
                     HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(rf">{day}<", svg) and not re.search(r">\d{4}-\d{2}-\d{2}<", svg)
    csv = client.get("/collectives/wells/charts/progress.csv").content.decode()
    assert re.search(r"^\d{4}-\d{2}-\d{2},", csv, re.M)  # the CSV keeps ISO days
