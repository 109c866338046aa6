"""Reads of a collective's indicator registry with its stored totals (a fixed number of
queries: indicators, their regions, their totals)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from dashboards.models import IndicatorTotal
from initiatives.models import Collective, Indicator

# How each aggregation is explained wherever a figure is shown.
IN_WORDS = {
    Indicator.Aggregation.SUM: _("Sum: every reported value is added up."),
    Indicator.Aggregation.DISTINCT: _(
        "Count of distinct: each thing named counts once, however often and wherever it is "
        "reported (names compared without regard to capitals or surrounding spaces)."),
    Indicator.Aggregation.LATEST: _(
        "Latest: in each region the most recent report (by the day of the work) replaces the "
        "earlier ones; the overall figure adds up the regions' latest values."),
}


def indicators_of(collective: Collective) -> list[Indicator]:
    """Every indicator of the collective (active first), each with `overall` (an
    IndicatorTotal or None before the first roll-up), `by_region` and `in_words`. Three
    queries."""
    totals = IndicatorTotal.objects.select_related("region").order_by("region__name")
    indicators = list(
        Indicator.objects.filter(collective=collective).order_by("-is_active", "name")
        .prefetch_related("regions", Prefetch("totals", queryset=totals, to_attr="all_totals"))
    )
    for indicator in indicators:
        indicator.overall = next((t for t in indicator.all_totals if t.region_id is None), None)
        indicator.by_region = [t for t in indicator.all_totals if t.region_id is not None]
        indicator.in_words = IN_WORDS[indicator.aggregation]
    return indicators
