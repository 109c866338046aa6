"""Dashboard pages: parse, authorize through the access policy, read roll-ups, render."""

from __future__ import annotations

from csp.decorators import csp_exempt
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from crowddo.page_cache import public_page
from dashboards.charts import datasets
from dashboards.charts.render import ChartData, render_csv, render_svg
from dashboards.models import GOAL_MARKS, Audience, Kind
from dashboards.selectors import indicators
from dashboards.selectors import pages as selectors
from governance import selectors as governance
from initiatives import selectors as initiatives
from initiatives.access import collective_for, visible_collectives
from initiatives.models import Initiative, Region
from roles import selectors as roles

HOME_ROLES = 6


@public_page
def home(request):
    """The front door: collectives with their verified figures, open roles near the region the
    visitor chose (`?region=`, in the URL so the anonymous page cache keys on it)."""
    regions = list(Region.objects.exclude(level=Region.Level.DISTRICT).only("pk", "name", "level")
                   .order_by("level", "name"))
    region = next((r for r in regions if str(r.pk) == request.GET.get("region")), None)
    found = roles.role_list(request.user, {"region": region.pk} if region else {})
    return render(request, "home.html", {
        "collectives": selectors.collective_totals(
            visible_collectives(request.user).select_related("coordinator")[:6]),
        "initiatives": initiatives.initiatives_for(request.user)
        .filter(status=Initiative.Status.ACTIVE).prefetch_related("sdgs")
        .order_by("-created_at")[:6],
        "roles": found.qs[:HOME_ROLES], "regions": regions, "region": region,
    })


@public_page
def collective_list(request):
    """Every collective the visitor may see in full (public ones, and their own private ones)."""
    return render(request, "dashboards/collective_list.html", {
        "collectives": selectors.collective_totals(
            visible_collectives(request.user).select_related("coordinator").order_by("name")),
    })


@public_page
def collective_dashboard(request, slug):
    collective = collective_for(request.user, slug)
    scope = (Kind.COLLECTIVE, collective.pk, Audience.PUBLIC)
    parent, regions = selectors.regions(collective, datasets.region_param(request))
    context = {
        "collective": collective,
        "total": selectors.scope_total(*scope),
        "progress": datasets.collective_progress(collective, request),
        "regions": datasets.collective_regions(collective, request),
        "region_rows": regions,
        "region": parent,
        "region_query": f"?region={parent.pk}" if parent else "",
        "trail": [*parent.ancestors(), parent] if parent else [],
        "organizations": datasets.collective_organizations(collective, request),
        "measures": selectors.leadership(*scope),
        "recent": selectors.recent_verified(collective),
        "milestones": selectors.milestones(collective=collective),
        "first_goal_mark": GOAL_MARKS[0],
        # collective governance (issue 11): the coverage map and featured stories
        "coverage": governance.coverage_grid(collective),
        "featured_stories": governance.featured_stories(request.user, collective),
        "indicators": indicators.indicators_of(collective),
    }
    return render(request, "dashboards/collective.html", context)


@public_page
def collective_indicators(request, slug):
    """Every indicator's written definition, aggregation and current figure."""
    collective = collective_for(request.user, slug)
    return render(request, "dashboards/indicators.html", {
        "collective": collective, "indicators": indicators.indicators_of(collective),
    })


def collective_report(request, slug):
    collective = collective_for(request.user, slug)
    start, end, previous = selectors.period_bounds(request.GET.get("month"),
                                                   timezone.localdate())
    context = {
        "collective": collective, "start": start, "end": end, "previous": previous,
        "month_value": start.strftime("%Y-%m"),
        "total": selectors.scope_total(Kind.COLLECTIVE, collective.pk, Audience.PUBLIC),
        "period": selectors.period_totals(collective, start, end),
        "before": selectors.period_totals(collective, previous, start),
        "regions": selectors.region_changes(collective, start, end, previous),
        "leaders": selectors.leaders(collective, start, end),
        "decisions": selectors.decisions(collective, start, end),
        "measures": selectors.leadership(Kind.COLLECTIVE, collective.pk, Audience.PUBLIC),
        "featured_stories": governance.featured_stories(request.user, collective),
        "indicators": indicators.indicators_of(collective),
    }
    return render(request, "dashboards/report.html", context)


def organization_dashboard(request, slug):
    org = selectors.organization_for_member(request.user, slug)
    scope = (Kind.ORGANIZATION, org.pk, Audience.ALL)
    context = {
        "org": org,
        "total": selectors.scope_total(*scope),
        "progress": datasets.organization_progress(org, request),
        "initiatives": datasets.organization_initiatives(org, request),
        "measures": selectors.leadership(*scope),
        "milestones": selectors.organization_milestones(org),
        "first_goal_mark": GOAL_MARKS[0],
    }
    return render(request, "dashboards/organization.html", context)


@csp_exempt()
def _svg(data: ChartData, request) -> HttpResponse:
    narrow = request.GET.get("narrow") == "1"  # the phone's picture (templates: _chart.html)
    response = HttpResponse(render_svg(data, narrow=narrow), content_type="image/svg+xml")
    # The SVG carries pygal's <style>; as an <img> it runs no script. Its own tight policy:
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def _csv(data: ChartData, prefix: str) -> HttpResponse:
    response = HttpResponse(render_csv(data), content_type="text/csv; charset=utf-8")
    name = slugify(f"{prefix}-{data.name}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def collective_chart(request, slug, name, fmt):
    collective = collective_for(request.user, slug)
    data = datasets.get(datasets.COLLECTIVE, name, collective, request)
    return _svg(data, request) if fmt == "svg" else _csv(data, collective.slug)


def organization_chart(request, slug, name, fmt):
    org = selectors.organization_for_member(request.user, slug)
    data = datasets.get(datasets.ORGANIZATION, name, org, request)
    return _svg(data, request) if fmt == "svg" else _csv(data, org.slug)
