"""The datasets behind each chart: one description serves the SVG, the table and the CSV."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from dashboards.charts.render import ChartData
from dashboards.models import Audience, Kind
from dashboards.selectors import pages


def region_param(request) -> int | None:
    raw = request.GET.get("region")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404("No such region.") from None


def _progress(kind, scope_id, audience, title) -> ChartData:
    days = pages.daily(kind, scope_id, audience)
    return ChartData(
        name="progress", title=title, kind="line", value_column=2,
        columns=[_("Day"), _("Micro-improvements that day"), _("Micro-improvements so far"),
                 _("Hours that day"), _("Volunteers that day")],
        rows=[[d.day.isoformat(), d.micro_improvements, d.cumulative_micro_improvements,
               d.hours, d.volunteers] for d in days],
    )


def collective_progress(collective, request) -> ChartData:
    return _progress(Kind.COLLECTIVE, collective.pk, Audience.PUBLIC,
                     _("Micro-improvements so far"))


def collective_regions(collective, request) -> ChartData:
    parent, rows = pages.regions(collective, region_param(request))
    where = parent.name if parent else _("country")
    return ChartData(
        name="regions", title=_("Micro-improvements by region: %(where)s") % {"where": where},
        columns=[_("Region"), _("Micro-improvements"), _("Hours"), _("Contributions"),
                 _("Volunteers")],
        rows=[[r.region.name, r.micro_improvements, r.hours, r.contributions, r.volunteers]
              for r in rows],
    )


def collective_organizations(collective, request) -> ChartData:
    return ChartData(
        name="organizations", title=_("Micro-improvements by member organization"),
        columns=[_("Organization"), _("Micro-improvements"), _("Hours"), _("Contributions"),
                 _("Verified claims")],
        rows=[[r["initiative__organization__name"], r["micro_improvements"], r["hours"],
               r["contributions"], r["verified_claims"]]
              for r in pages.organizations(collective)],
    )


def organization_progress(org, request) -> ChartData:
    return _progress(Kind.ORGANIZATION, org.pk, Audience.ALL, _("Micro-improvements so far"))


def organization_initiatives(org, request) -> ChartData:
    return ChartData(
        name="initiatives", title=_("Micro-improvements by initiative"),
        columns=[_("Initiative"), _("Micro-improvements"), _("Target"), _("Hours"),
                 _("Volunteers"), _("Public")],
        rows=[[p.initiative.name, p.micro_improvements, p.initiative.goal_target, p.hours,
               p.volunteers, _("yes") if p.initiative.is_public else _("no")]
              for p in pages.organization_initiatives(org)],
    )


COLLECTIVE = {"progress": collective_progress, "regions": collective_regions,
              "organizations": collective_organizations}
ORGANIZATION = {"progress": organization_progress, "initiatives": organization_initiatives}


def get(registry: dict, name: str, subject, request) -> ChartData:
    if name not in registry:
        raise Http404("No such chart.")
    return registry[name](subject, request)
