"""/api/v1/collectives/<slug>/indicators/: the collective's indicator definitions with their
stored totals (from the roll-up table IndicatorTotal, never counted per request).

Which collectives: the rule of `/api/v1/collectives/` — public ones for everyone (open data),
a private one only for its coordinator's and active members' keys; anyone else gets 404.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from crowddo.api.pagination import IdCursorPagination
from crowddo.api.views import ApiViewMixin
from dashboards.models import IndicatorTotal
from dashboards.selectors.indicators import IN_WORDS
from initiatives.access import visible_collectives
from initiatives.models import Indicator
from people import access
from people.api.authentication import actor_of


class RegionValueSerializer(serializers.Serializer):
    region = serializers.IntegerField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    reports = serializers.IntegerField()
    awaiting_value = serializers.DecimalField(
        max_digits=16, decimal_places=2,
        help_text=_("Reports awaiting a peer, aggregated the same way: not in `value`."))
    awaiting_reports = serializers.IntegerField()


class IndicatorSerializer(serializers.ModelSerializer):
    aggregation_explained = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField(
        help_text=_("Ids of the regions it applies to (and every region inside); empty: "
                    "everywhere."))
    value = serializers.SerializerMethodField(help_text=_("Overall figure, as the aggregation "
                                                          "says; null before the first roll-up."))
    reports = serializers.SerializerMethodField()
    computed_at = serializers.SerializerMethodField()
    awaiting_value = serializers.SerializerMethodField(
        help_text=_("Reports awaiting a peer, aggregated the same way: beside `value`, never "
                    "added in; null before the first roll-up."))
    awaiting_reports = serializers.SerializerMethodField()
    by_region = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["slug", "name", "definition", "unit", "aggregation", "aggregation_explained",
                  "regions", "is_active", "updated_at", "value", "reports", "computed_at",
                  "awaiting_value", "awaiting_reports", "by_region"]

    def _overall(self, indicator) -> IndicatorTotal | None:
        return next((t for t in indicator.all_totals if t.region_id is None), None)

    def get_aggregation_explained(self, indicator) -> str:
        return str(IN_WORDS[indicator.aggregation])

    def get_regions(self, indicator) -> list[int]:
        return [r.pk for r in indicator.regions.all()]

    def get_value(self, indicator) -> float | None:
        """A JSON number, like every decimal of the API (COERCE_DECIMAL_TO_STRING is off)."""
        total = self._overall(indicator)
        return None if total is None else float(round(total.value, 2))

    def get_reports(self, indicator) -> int:
        total = self._overall(indicator)
        return total.reports if total else 0

    def get_awaiting_value(self, indicator) -> float | None:
        total = self._overall(indicator)
        return None if total is None else float(round(total.awaiting_value, 2))

    def get_awaiting_reports(self, indicator) -> int:
        total = self._overall(indicator)
        return total.awaiting_reports if total else 0

    def get_computed_at(self, indicator) -> str | None:
        total = self._overall(indicator)
        return None if total is None else serializers.DateTimeField().to_representation(
            total.computed_at)

    def get_by_region(self, indicator) -> list[dict]:
        rows = [t for t in indicator.all_totals if t.region_id is not None]
        return RegionValueSerializer(rows, many=True).data


class IndicatorPagination(IdCursorPagination):
    ordering = ("id",)


class IndicatorList(ApiViewMixin, generics.ListAPIView):
    """Every indicator of the collective: its one written definition, unit, aggregation,
    regions, and the current figure overall and per region it was reported in."""

    permission_classes = [AllowAny]  # read-only; the collective rule decides what is seen
    serializer_class = IndicatorSerializer
    pagination_class = IndicatorPagination
    queryset = Indicator.objects.none()  # names the model for the schema

    def get_queryset(self):
        collective = access.get_or_404(visible_collectives(actor_of(self.request)),
                                       slug=self.kwargs["slug"])
        totals = IndicatorTotal.objects.select_related("region").order_by("region__name")
        return Indicator.objects.filter(collective=collective).prefetch_related(
            "regions", Prefetch("totals", queryset=totals, to_attr="all_totals"))
