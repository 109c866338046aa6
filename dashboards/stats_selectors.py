"""Reads of progress statistics for the partner API — from roll-up tables only.

This is the one place the API touches dashboard tables, so a redesign of the roll-ups
re-points these functions and nothing else. Today it reads `InitiativeProgress`
(one row of running totals per initiative); a time series therefore has one point per
initiative, dated when the roll-up last ran. Collective and region figures are sums of
those rows over the initiatives the caller may see (never counts of raw rows).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from crowddo import access
from dashboards.models import InitiativeProgress
from initiatives.models import Initiative

METRICS = ("contributions", "hours", "micro_improvements", "active_claims", "completed_claims",
           "verified_claims", "volunteers")


def _visible_progress(actor) -> QuerySet[InitiativeProgress]:
    initiatives = access.visible_initiatives(Initiative.objects.all(), actor).values("id")
    return InitiativeProgress.objects.filter(initiative_id__in=initiatives)


def initiative_series(actor) -> QuerySet[InitiativeProgress]:
    """One point per visible initiative: its totals and the date they were computed."""
    return _visible_progress(actor).select_related(
        "initiative__organization", "initiative__collective", "initiative__region"
    ).annotate(date=TruncDate("computed_at"))


def collective_series(actor, collective_ids) -> QuerySet:
    """Per collective: sums over its visible initiatives' roll-up rows (one SQL GROUP BY)."""
    return (
        _visible_progress(actor)
        .filter(initiative__collective_id__in=collective_ids)
        .values("initiative__collective_id")
        .annotate(initiatives=Count("id"),
                  date=TruncDate(Max("computed_at")), **_metric_sums())
        .order_by("initiative__collective_id")
    )


# The region a row counts toward at each level; "district" means the initiative's own region.
REGION_LEVEL_FIELD = {
    "district": "initiative__region_id",
    "state": Case(
        When(initiative__region__level="district", then=F("initiative__region__parent_id")),
        When(initiative__region__level="state", then=F("initiative__region_id")),
        output_field=IntegerField(),
    ),
    "country": Case(
        When(initiative__region__level="district",
             then=F("initiative__region__parent__parent_id")),
        When(initiative__region__level="state", then=F("initiative__region__parent_id")),
        When(initiative__region__level="country", then=F("initiative__region_id")),
        output_field=IntegerField(),
    ),
}


def region_series(actor, level: str) -> QuerySet:
    """Per region at `level` (country, state or district): sums over visible initiatives."""
    key = REGION_LEVEL_FIELD[level]
    key = F(key) if isinstance(key, str) else key
    return (
        _visible_progress(actor)
        .annotate(region_key=key)
        .filter(region_key__isnull=False)
        .values("region_key")
        .annotate(initiatives=Count("id"),
                  date=TruncDate(Max("computed_at")), **_metric_sums())
        .order_by("region_key")
    )


def _metric_sums() -> dict:
    """SUM of every metric over a group, 0 rather than NULL when the group has none."""
    sums: dict = {name: Coalesce(Sum(name), 0) for name in METRICS if name != "hours"}
    sums["hours"] = Coalesce(Sum("hours"), Value(Decimal("0")),
                             output_field=DecimalField(max_digits=14, decimal_places=2))
    return sums
