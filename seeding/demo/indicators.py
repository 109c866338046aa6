"""Demo data for the shared indicator registry: three indicators of the demo collective, one of
each aggregation, and reports on its backdated contributions, so the indicators page, the
dashboard and the API show numbers in `make run`. Idempotent."""

from __future__ import annotations

from initiatives import services as initiative_services
from initiatives.models import Collective, Indicator, Region
from roles.models import Contribution, IndicatorValue, Role
from roles.services import indicator_reports_write
from roles.signals import progress_changed

INDICATORS = [
    # slug, name, unit, aggregation, regions (names), definition
    ("children-reached", "Children in improved classrooms", "children",
     Indicator.Aggregation.SUM, [],
     "Children on the register of a classroom where a verified micro-improvement was made "
     "that week. Count each classroom once per report; do not add children from other "
     "classrooms of the same school."),
    ("schools-reached", "Schools reached", "schools", Indicator.Aggregation.DISTINCT, [],
     "A school where at least one micro-improvement was made. Name the school as on its "
     "official register; the same school counts once, however often it is reported."),
    ("active-teacher-circles", "Active teacher circles", "circles", Indicator.Aggregation.LATEST,
     ["Punjab"],
     "Teacher circles that met at least twice in the last four weeks, counted by the district "
     "at the time of the report. A new report replaces the district's earlier count."),
]
SCHOOLS = {"Ludhiana": ["Government Primary School Ludhiana 3", "Model School Sarabha Nagar"],
           "Amritsar": ["Khalsa Primary Amritsar", "Government Girls School Amritsar"],
           "Patiala": ["Government Primary School Patiala 7", "Mall Road School Patiala"]}


def _define(collective, actor) -> None:
    for slug, name, unit, aggregation, regions, definition in INDICATORS:
        if Indicator.objects.filter(collective=collective, slug=slug).exists():
            continue
        indicator = initiative_services.indicator_save(actor=actor, indicator=Indicator(
            collective=collective, slug=slug, name=name, unit=unit, aggregation=aggregation,
            definition=definition))
        indicator.regions.set(Region.objects.filter(name__in=regions, level=Region.Level.STATE))


def _reports(i: int, contribution: Contribution) -> list[dict]:
    reports = [{"indicator": "children-reached", "value": 18 + (i * 7) % 25}]
    schools = SCHOOLS.get(contribution.region.name)
    if schools and i % 3 == 0:
        reports.append({"indicator": "schools-reached", "key": schools[i % 2]})
    if i % 4 == 0:
        reports.append({"indicator": "active-teacher-circles", "value": 2 + i % 5})
    return reports


def seed(users) -> None:
    collective = Collective.objects.get(slug="every-school-improving")
    _define(collective, users["priya@crowddo.test"])
    if IndicatorValue.objects.filter(indicator__collective=collective).exists():
        return
    work = (Contribution.objects.filter(claim__role__initiative__collective=collective,
                                        region__isnull=False)
            .select_related("region__parent", "claim__role__initiative").order_by("date", "id"))
    initiatives = set()
    for i, contribution in enumerate(work):
        indicator_reports_write(contribution=contribution, reports=_reports(i, contribution))
        initiatives.add((contribution.organization_id, contribution.claim.role.initiative_id))
    for organization_id, initiative_id in initiatives:  # the roll-up runs after commit
        progress_changed.send(sender=Role, organization_id=organization_id,
                              initiative_id=initiative_id)
