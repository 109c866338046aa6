"""Progress statistics and leadership measures, served as stored in the roll-up tables
(through dashboards.selectors.stats, which also decides each caller's audience).

Totals per initiative, organization and collective; a daily series per scope (`…/series/`,
`since`/`until` and cursor pagination); a collective's public progress per region and its
daily series; the distributed-leadership measures of every visible scope. No raw row is
counted per request: a list costs the key lookup, the page and one query for its totals.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from crowddo.api.filters import RegionFilter, SdgFilter, SinceFilter
from crowddo.api.pagination import DayCursorPagination
from crowddo.api.views import ApiViewMixin
from dashboards.api import serializers
from dashboards.models import (
    Audience,
    DailyTotal,
    Kind,
    LeadershipMeasure,
    RegionDay,
    RegionTotal,
    ScopeTotal,
    goal_percent,
)
from dashboards.selectors import stats as selectors
from initiatives.models import Collective, Initiative, Region
from people import access
from people.api.authentication import actor_of
from people.models import Organization

TOTAL_FIELDS = ("contributions", "hours", "micro_improvements", "awaiting_contributions",
                "awaiting_micro_improvements", "volunteers", "active_claims",
                "completed_claims", "verified_claims", "roles_open", "roles_filled",
                "initiatives")


def totals_row(total, audience: str, goal_target: int) -> dict:
    """A scope's stored totals as served; zeros (and no date) before its first roll-up."""
    stored = total or ScopeTotal()
    return {"audience": audience, **{f: getattr(stored, f) for f in TOTAL_FIELDS},
            "goal_target": goal_target,
            "percent": goal_percent(stored.micro_improvements, goal_target),
            "computed_at": total.computed_at if total else None,
            "changed_at": total.changed_at if total else None}


class TotalsViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Lists and details of one kind of scope; `shape` reads the page's totals in one query."""

    lookup_field = "slug"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.shape(page))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.shape([self.get_object()])[0])

    def shape(self, scopes) -> list:
        raise NotImplementedError


# --- Initiatives ---------------------------------------------------------------------------

class InitiativeStatsFilter(django_filters.FilterSet):
    updated_since = SinceFilter(method="by_rollup",
                                help_text=_("ISO 8601 date-time: totals recomputed since then."))
    organization = django_filters.CharFilter(field_name="organization__slug")
    collective = django_filters.CharFilter(field_name="collective__slug")
    status = django_filters.ChoiceFilter(choices=Initiative.Status.choices)
    sdg = SdgFilter(method="by_sdg")
    region = RegionFilter()

    class Meta:
        model = Initiative
        fields = ["updated_since", "organization", "collective", "status", "sdg", "region"]

    def by_rollup(self, qs, name, value):
        return selectors.initiatives_updated_since(qs, value)

    def by_sdg(self, qs, name, value):
        return qs.filter(id__in=Initiative.sdgs.through.objects.filter(
            sdg_id=value).values("initiative_id"))


class InitiativeStatsViewSet(TotalsViewSet):
    """Totals per initiative: open initiatives for everyone, private ones for their key."""

    serializer_class = serializers.InitiativeStatsSerializer
    filterset_class = InitiativeStatsFilter

    def get_queryset(self):
        return selectors.visible_initiatives(actor_of(self.request)).select_related(
            "organization", "collective")

    def shape(self, initiatives) -> list:
        audiences = {i.pk: selectors.initiative_audience(i) for i in initiatives}
        totals = selectors.totals_of(Kind.INITIATIVE, audiences)
        rows = [{**totals_row(totals.get(i.pk), audiences[i.pk], i.goal_target),
                 "initiative": i, "organization": i.organization.slug,
                 "collective": i.collective.slug if i.collective_id else None,
                 "region": i.region_id, "goal_label": i.goal_label} for i in initiatives]
        return self.get_serializer(rows, many=True).data


# --- Organizations -------------------------------------------------------------------------

class OrganizationStatsViewSet(TotalsViewSet):
    """Totals per organization: its public initiatives for everyone, all of them for its key."""

    serializer_class = serializers.OrganizationStatsSerializer
    queryset = Organization.objects.all()

    def shape(self, organizations) -> list:
        actor = actor_of(self.request)
        audiences = {o.pk: selectors.organization_audience(actor, o.pk)
                     for o in organizations}
        totals = selectors.totals_of(Kind.ORGANIZATION, audiences)
        rows = []
        for org in organizations:  # one page of organizations, totals already read
            total = totals.get(org.pk)
            rows.append({**totals_row(total, audiences[org.pk], total.target if total else 0),
                         "organization": org})
        return self.get_serializer(rows, many=True).data


# --- Collectives ---------------------------------------------------------------------------

class CollectiveStatsFilter(django_filters.FilterSet):
    coordinator = django_filters.CharFilter(field_name="coordinator__slug",
                                            help_text=_("Slug of the coordinating organization."))

    class Meta:
        model = Collective
        fields = ["coordinator"]


class CollectiveStatsViewSet(TotalsViewSet):
    """Totals per collective, from its own roll-up: a volunteer in two initiatives counts once."""

    serializer_class = serializers.CollectiveStatsSerializer
    filterset_class = CollectiveStatsFilter

    def get_queryset(self):
        return selectors.visible_collectives(actor_of(self.request))

    def shape(self, collectives) -> list:
        audiences = dict.fromkeys((c.pk for c in collectives), Audience.PUBLIC)
        totals = selectors.totals_of(Kind.COLLECTIVE, audiences)
        rows = [{**totals_row(totals.get(c.pk), Audience.PUBLIC, c.goal_target),
                 "collective": c, "goal_label": c.goal_label} for c in collectives]
        return self.get_serializer(rows, many=True).data


# --- Daily series --------------------------------------------------------------------------

class DayFilter(django_filters.FilterSet):
    since = django_filters.DateFilter(field_name="day", lookup_expr="gte",
                                      help_text=_("First day (YYYY-MM-DD), included."))
    until = django_filters.DateFilter(field_name="day", lookup_expr="lte",
                                      help_text=_("Last day (YYYY-MM-DD), included."))

    class Meta:
        model = DailyTotal
        fields = ["since", "until"]


SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)


@extend_schema_view(list=extend_schema(parameters=[SLUG]))
class SeriesViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A scope's days with work, oldest first, with the running total of micro-improvements."""

    serializer_class = serializers.DaySerializer
    filterset_class = DayFilter
    pagination_class = DayCursorPagination
    queryset = DailyTotal.objects.none()  # names the model for the schema and the filters
    kind: str = ""

    def get_queryset(self):
        scope_id, audience = self.scope(actor_of(self.request), self.kwargs["slug"])
        return selectors.days_of(self.kind, scope_id, audience)

    def scope(self, actor, slug) -> tuple[int, str]:
        raise NotImplementedError


class InitiativeSeriesViewSet(SeriesViewSet):
    kind = Kind.INITIATIVE

    def scope(self, actor, slug):
        initiative = access.get_or_404(selectors.visible_initiatives(actor), slug=slug)
        return initiative.pk, selectors.initiative_audience(initiative)


class OrganizationSeriesViewSet(SeriesViewSet):
    kind = Kind.ORGANIZATION

    def scope(self, actor, slug):
        org = access.get_or_404(Organization.objects.all(), slug=slug)
        return org.pk, selectors.organization_audience(actor, org.pk)


class CollectiveSeriesViewSet(SeriesViewSet):
    kind = Kind.COLLECTIVE

    def scope(self, actor, slug):
        collective = access.get_or_404(selectors.visible_collectives(actor), slug=slug)
        return collective.pk, Audience.PUBLIC


# --- Regions -------------------------------------------------------------------------------

LEVELS = Region.Level.choices


class RegionTotalFilter(django_filters.FilterSet):
    collective = django_filters.CharFilter(field_name="collective__slug")
    level = django_filters.ChoiceFilter(choices=LEVELS)
    parent = django_filters.NumberFilter(field_name="parent_id",
                                         help_text=_("Region id: the regions just inside it."))
    region = django_filters.NumberFilter(field_name="region_id")

    class Meta:
        model = RegionTotal
        fields = ["collective", "level", "parent", "region"]


class RegionStatsViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A collective's public progress per region, at every level (one row per collective and
    region; distinct volunteers as the roll-up counted them in that region and below)."""

    serializer_class = serializers.RegionStatsSerializer
    filterset_class = RegionTotalFilter

    def get_queryset(self):
        return selectors.region_totals(actor_of(self.request))


class RegionDayFilter(DayFilter):
    collective = django_filters.CharFilter(field_name="collective__slug")
    region = django_filters.NumberFilter(field_name="region_id")
    level = django_filters.ChoiceFilter(field_name="region__level", choices=LEVELS)

    class Meta:
        model = RegionDay
        fields = ["since", "until", "collective", "region", "level"]


class RegionSeriesViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A collective's public work per region and day, oldest first."""

    serializer_class = serializers.RegionDaySerializer
    filterset_class = RegionDayFilter
    pagination_class = DayCursorPagination

    def get_queryset(self):
        return selectors.region_days(actor_of(self.request))


# --- Leadership ----------------------------------------------------------------------------

class LeadershipFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    initiative = django_filters.CharFilter(method="of_kind", help_text=_("Initiative slug."))
    organization = django_filters.CharFilter(method="of_kind", help_text=_("Organization slug."))
    collective = django_filters.CharFilter(method="of_kind", help_text=_("Collective slug."))

    class Meta:
        model = LeadershipMeasure
        fields = ["kind", "initiative", "organization", "collective"]

    def of_kind(self, qs, name, value):
        return qs.filter(kind=name, scope_slug=value)


def leadership_row(row: LeadershipMeasure) -> dict:
    return {**{f.name: getattr(row, f.name) for f in LeadershipMeasure._meta.concrete_fields},
            "scope": {"slug": row.scope_slug, "name": row.scope_name},
            "audience": selectors.served_audience(row),
            "measures": selectors.measures_of(row)}


class LeadershipViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """How widely leadership is spread in every scope the caller may see: every measure the
    dashboards show, with its explanation. `leadership/{slug}/` is an initiative's."""

    serializer_class = serializers.LeadershipSerializer
    filterset_class = LeadershipFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.leadership_rows(actor_of(self.request))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = [leadership_row(row) for row in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    @extend_schema(parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH,
                                                description=_("An initiative's slug."))])
    def retrieve(self, request, slug=None):
        row = access.get_or_404(self.get_queryset().filter(kind=Kind.INITIATIVE),
                                scope_slug=slug)
        return Response(self.get_serializer(leadership_row(row)).data)

    def csv_rows(self, data) -> list[dict]:
        """CSV: one column per measure (`measures.<key>`) instead of a nested list."""
        rows = data.get("results", data) if isinstance(data, dict) else data
        rows = [rows] if isinstance(rows, dict) else rows
        return [{**{k: v for k, v in row.items() if k != "measures"},
                 "measures": {m["key"]: m["value"] for m in row["measures"]}} for row in rows]
