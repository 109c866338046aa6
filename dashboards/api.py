"""Progress statistics and leadership measures (open data), served from roll-up tables only
through dashboards.stats_selectors. Aggregates cover the initiatives the caller may see."""

from decimal import Decimal

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from crowddo import access
from crowddo.api.authentication import actor_of
from crowddo.api.filters import RegionFilter, SinceFilter
from crowddo.api.views import ApiViewMixin
from dashboards import serializers, stats_selectors
from dashboards.models import InitiativeProgress
from initiatives.models import Initiative, Region
from initiatives.selectors import visible_collectives


class InitiativeStatsFilter(django_filters.FilterSet):
    updated_since = SinceFilter(field_name="computed_at")
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    organization = django_filters.CharFilter(field_name="initiative__organization__slug")
    collective = django_filters.CharFilter(field_name="initiative__collective__slug")
    status = django_filters.ChoiceFilter(field_name="initiative__status",
                                         choices=Initiative.Status.choices)
    sdg = django_filters.NumberFilter(method="by_sdg", help_text="UN SDG number, 1–17.")
    region = RegionFilter(prefix="initiative__")

    class Meta:
        model = InitiativeProgress
        fields = ["updated_since", "initiative", "organization", "collective", "status", "sdg",
                  "region"]

    def by_sdg(self, qs, name, value):
        return qs.filter(initiative_id__in=Initiative.sdgs.through.objects.filter(
            sdg_id=value).values("initiative_id"))


class InitiativeStatsViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Progress per initiative: one point per initiative, dated by its latest roll-up."""

    serializer_class = serializers.InitiativeStatsSerializer
    filterset_class = InitiativeStatsFilter
    lookup_field = "initiative__slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        return stats_selectors.initiative_series(actor_of(self.request))


@extend_schema_view(retrieve=extend_schema(parameters=[
    OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)]))
class CollectiveStatsViewSet(ApiViewMixin, viewsets.ViewSet):
    """Progress per collective: sums over its initiatives' roll-up rows."""

    serializer_class = serializers.CollectiveStatsSerializer
    lookup_field = "slug"

    def _rows(self, collectives) -> list[dict]:
        refs = {c.pk: c for c in collectives}
        rows = stats_selectors.collective_series(actor_of(self.request), list(refs))
        found = {row["initiative__collective_id"]: row for row in rows}
        return [self._shape(refs[pk], found.get(pk)) for pk in refs]

    @staticmethod
    def _shape(collective, row) -> dict:
        empty = dict.fromkeys(stats_selectors.METRICS, 0) | {"initiatives": 0, "date": None}
        row = row or empty
        return {**row, "collective": collective, "goal_label": collective.goal_label,
                "goal_target": collective.goal_target,
                "percent": serializers.percent(row["micro_improvements"], collective.goal_target)}

    @extend_schema(parameters=[OpenApiParameter(
        "coordinator", OpenApiTypes.STR, description="Slug of the coordinating organization.")])
    def list(self, request):
        collectives = visible_collectives(actor_of(request)).order_by("slug")
        coordinator = request.query_params.get("coordinator")
        if coordinator:
            collectives = collectives.filter(coordinator__slug=coordinator)
        return Response(self.serializer_class(self._rows(collectives), many=True).data)

    def retrieve(self, request, slug=None):
        collective = access.get_or_404(visible_collectives(actor_of(request)), slug=slug)
        return Response(self.serializer_class(self._rows([collective])[0]).data)


LEVELS = ("country", "state", "district")


class RegionStatsViewSet(ApiViewMixin, viewsets.ViewSet):
    """Progress per region at one level (country, state or district)."""

    serializer_class = serializers.RegionStatsSerializer

    @extend_schema(parameters=[OpenApiParameter(
        "level", OpenApiTypes.STR, enum=list(LEVELS), default="country",
        description="Group at this level; `district` groups by each initiative's own region.")])
    def list(self, request):
        level = request.query_params.get("level", "country")
        if level not in LEVELS:
            raise ValidationError({"level": [f"Choose one of: {', '.join(LEVELS)}."]})
        rows = list(stats_selectors.region_series(actor_of(request), level))
        regions = Region.objects.in_bulk([row["region_key"] for row in rows])
        data = [{**row, "region": regions[row["region_key"]]} for row in rows
                if row["region_key"] in regions]
        return Response(self.serializer_class(data, many=True).data)


def _ratio(part, whole, places: str = "0.01"):
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places)) if whole else None


def leadership_measures(progress: InitiativeProgress) -> dict:
    """Derived only from the roll-up row: no raw rows are counted per request."""
    held = progress.active_claims + progress.completed_claims + progress.verified_claims
    done = progress.completed_claims + progress.verified_claims
    return {"initiative_ref": progress.initiative, "date": progress.date,
            "leaders": progress.volunteers, "roles_held": held,
            "roles_per_leader": _ratio(held, progress.volunteers),
            "verified_share": _ratio(progress.verified_claims, done)}


class LeadershipViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Leadership measures per initiative: how many people lead, how widely, how verified."""

    serializer_class = serializers.LeadershipSerializer
    filterset_class = InitiativeStatsFilter
    lookup_field = "initiative__slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        return stats_selectors.initiative_series(actor_of(self.request))

    def get_serializer(self, instance=None, *args, **kwargs):
        if kwargs.get("many"):
            instance = [leadership_measures(p) for p in instance]
        elif instance is not None:
            instance = leadership_measures(instance)
        return super().get_serializer(instance, *args, **kwargs)
