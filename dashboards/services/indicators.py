"""Indicator totals: each indicator aggregated exactly as its definition says.

Which reports count: those of counted contributions (Contribution.COUNTED: verified by a
peer) of public, non-draft initiatives of the indicator's own collective. Reports awaiting a
peer (Contribution.AWAITING_PEER) are aggregated the same way on their own, into
`awaiting_value`/`awaiting_reports` beside the figure, never added in.
Per region (the contribution's own region) and overall:

- sum: the sum of the values;
- distinct: the number of distinct things named (keys compared trimmed and case-folded);
  overall counts each thing once even when it was named in several regions;
- latest: per region the value of the most recent report (by contribution date, then id);
  overall the sum of the regions' latest values, reports without a region being one more
  "no region" bucket.

Two paths compute the same rows: `rollup_collective_indicators` for one collective (the
incremental roll-up, and the per-scope loop on SQLite) and `INDICATOR_TOTAL_SQL` for every
collective at once (`full.rollup_all_tables` on PostgreSQL), with the rules of `sql.py`.
A test checks they agree.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Sum, Window
from django.db.models.functions import Lower, RowNumber, Trim

from dashboards.models import IndicatorTotal
from dashboards.services.sql import AWAITING_PEER, COUNTED, literal, open_data
from initiatives.access import open_data_q
from initiatives.models import Indicator
from roles.models import Contribution, IndicatorValue

Aggregation = Indicator.Aggregation
INITIATIVE = "contribution__claim__role__initiative__"


def _reports(collective_id: int, statuses):
    return IndicatorValue.objects.filter(
        open_data_q(INITIATIVE),
        indicator__collective_id=collective_id,
        contribution__status__in=statuses,
        **{f"{INITIATIVE}collective_id": collective_id},
    )


def _latest(reports) -> dict[tuple[int, int | None], Decimal]:
    """(indicator, region) -> value of its most recent report; one query."""
    ranked = reports.filter(indicator__aggregation=Indicator.Aggregation.LATEST).annotate(
        rank=Window(RowNumber(), partition_by=[F("indicator_id"), F("contribution__region_id")],
                    order_by=[F("contribution__date").desc(), F("contribution_id").desc()]),
    ).filter(rank=1).values_list("indicator_id", "contribution__region_id", "value")
    return {(i, r): v for i, r, v in ranked}


def _figures(reports, aggregation: dict) -> tuple[dict, dict]:
    """Aggregated as each indicator's definition says: ({indicator: (value, reports)} overall,
    {(indicator, region): (value, reports)} per region with reports). Three queries."""
    key = Lower(Trim("key"))
    per_region = reports.values("indicator_id", "contribution__region_id").annotate(
        total=Sum("value"), reports=Count("id"), keys=Count(key, distinct=True)
    ).order_by()
    overall = {r["indicator_id"]: r for r in reports.values("indicator_id").annotate(
        total=Sum("value"), reports=Count("id"), keys=Count(key, distinct=True)).order_by()}
    latest = _latest(reports)
    latest_overall: dict[int, Decimal] = defaultdict(Decimal)
    for (indicator_id, _region), value in latest.items():  # one per indicator and region
        latest_overall[indicator_id] += value
    out_overall = {}
    for indicator_id, how in aggregation.items():
        o = overall.get(indicator_id, {"total": 0, "reports": 0, "keys": 0})
        out_overall[indicator_id] = (
            _pick(how, o["total"], o["keys"], latest_overall[indicator_id]), o["reports"])
    out_region = {}
    for r in per_region:
        region_id, indicator_id = r["contribution__region_id"], r["indicator_id"]
        if region_id is None:
            continue  # the "no region" bucket only counts in the overall figure
        out_region[(indicator_id, region_id)] = (
            _pick(aggregation[indicator_id], r["total"], r["keys"],
                  latest.get((indicator_id, region_id), 0)), r["reports"])
    return out_overall, out_region


def indicator_totals(collective_id: int) -> list[dict]:
    """Rows of IndicatorTotal for one collective: overall for every indicator (zero without
    reports), and one per region with counted or awaiting reports. The reports awaiting a
    peer are aggregated the same way on their own, beside the figure (never added in).
    Seven queries."""
    aggregation = dict(Indicator.objects.filter(collective_id=collective_id)
                       .values_list("id", "aggregation"))
    overall, regional = _figures(_reports(collective_id, Contribution.COUNTED), aggregation)
    aw_overall, aw_regional = _figures(_reports(collective_id, Contribution.AWAITING_PEER),
                                       aggregation)
    none = (Decimal(0), 0)
    rows = []
    for indicator_id in aggregation:
        (value, reports), (aw_value, aw_reports) = overall[indicator_id], aw_overall[indicator_id]
        rows.append({"indicator_id": indicator_id, "region_id": None, "value": value,
                     "reports": reports, "awaiting_value": aw_value,
                     "awaiting_reports": aw_reports})
    for indicator_id, region_id in sorted(set(regional) | set(aw_regional)):
        (value, reports) = regional.get((indicator_id, region_id), none)
        (aw_value, aw_reports) = aw_regional.get((indicator_id, region_id), none)
        rows.append({"indicator_id": indicator_id, "region_id": region_id, "value": value,
                     "reports": reports, "awaiting_value": aw_value,
                     "awaiting_reports": aw_reports})
    return rows


def _pick(aggregation: str, total, keys, latest) -> Decimal:
    value = {Aggregation.SUM: total, Aggregation.DISTINCT: keys,
             Aggregation.LATEST: latest}[aggregation]
    return Decimal(value or 0)


@transaction.atomic
def rollup_collective_indicators(*, collective_id: int) -> int:
    """Replace one collective's indicator totals (the caller holds the collective's lock)."""
    IndicatorTotal.objects.filter(indicator__collective_id=collective_id).delete()
    rows = indicator_totals(collective_id)
    IndicatorTotal.objects.bulk_create(IndicatorTotal(**row) for row in rows)
    return len(rows)


INDICATOR_TOTAL_SQL = f"""
WITH v AS (
  SELECT iv.indicator_id, w.region_id, iv.value, LOWER(TRIM(iv.key)) AS k,
         w.status IN {AWAITING_PEER} AS aw,
         ROW_NUMBER() OVER (PARTITION BY iv.indicator_id, w.region_id, w.status IN {AWAITING_PEER}
                            ORDER BY w.date DESC, w.id DESC) AS rank
  FROM roles_indicatorvalue iv
  JOIN initiatives_indicator ind ON ind.id = iv.indicator_id
  JOIN roles_contribution w ON w.id = iv.contribution_id
  JOIN roles_claim c ON c.id = w.claim_id
  JOIN roles_role r ON r.id = c.role_id
  JOIN initiatives_initiative i ON i.id = r.initiative_id
  WHERE {open_data("i")} AND i.collective_id = ind.collective_id
    AND (w.status IN {COUNTED} OR w.status IN {AWAITING_PEER})
),
reg AS (
  SELECT indicator_id, region_id, aw, SUM(value) AS total, COUNT(*) AS reports,
         COUNT(DISTINCT k) AS keys, MAX(value) FILTER (WHERE rank = 1) AS latest
  FROM v GROUP BY indicator_id, region_id, aw
),
ovr AS (
  SELECT indicator_id, aw, SUM(total) AS total, SUM(reports) AS reports, SUM(latest) AS latest
  FROM reg GROUP BY indicator_id, aw
),
ovk AS (SELECT indicator_id, aw, COUNT(DISTINCT k) AS keys FROM v GROUP BY indicator_id, aw),
-- one figure per (indicator, region, counted or awaiting), as its definition aggregates
fig AS (
  SELECT ind.id AS indicator_id, NULL::bigint AS region_id, a.aw,
         CASE ind.aggregation WHEN {literal(Aggregation.SUM)} THEN COALESCE(o.total, 0)
              WHEN {literal(Aggregation.DISTINCT)} THEN COALESCE(k.keys, 0)
              ELSE COALESCE(o.latest, 0) END AS value,
         COALESCE(o.reports, 0) AS reports
  FROM initiatives_indicator ind CROSS JOIN (VALUES (FALSE), (TRUE)) AS a(aw)
  LEFT JOIN ovr o ON o.indicator_id = ind.id AND o.aw = a.aw
  LEFT JOIN ovk k ON k.indicator_id = ind.id AND k.aw = a.aw
  UNION ALL
  SELECT reg.indicator_id, reg.region_id, reg.aw,
         CASE ind.aggregation WHEN {literal(Aggregation.SUM)} THEN reg.total
              WHEN {literal(Aggregation.DISTINCT)} THEN reg.keys ELSE reg.latest END,
         reg.reports
  FROM reg JOIN initiatives_indicator ind ON ind.id = reg.indicator_id
  WHERE reg.region_id IS NOT NULL
)
SELECT indicator_id, region_id,
       COALESCE(SUM(value) FILTER (WHERE NOT aw), 0) AS value,
       COALESCE(SUM(reports) FILTER (WHERE NOT aw), 0) AS reports,
       COALESCE(SUM(value) FILTER (WHERE aw), 0) AS awaiting_value,
       COALESCE(SUM(reports) FILTER (WHERE aw), 0) AS awaiting_reports, now() AS computed_at
FROM fig GROUP BY indicator_id, region_id
"""  # noqa: S608 (constant SQL text)


def rollup_all_indicators() -> int:
    """Every collective's indicator totals, replaced in one statement string (the bulk
    reconciliation). PostgreSQL runs a multi-statement string as one transaction (or inside
    the caller's): the table is small (indicators × regions), so it is replaced whole under an
    EXCLUSIVE lock; readers see the old rows until commit, an incremental roll-up waits.
    Returns the number of rows written.
    """
    table = IndicatorTotal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"LOCK TABLE {table} IN EXCLUSIVE MODE; DELETE FROM {table};"  # noqa: S608
            f" INSERT INTO {table} (indicator_id, region_id, value, reports, awaiting_value,"
            " awaiting_reports, computed_at) "
            + INDICATOR_TOTAL_SQL
        )
        return cursor.rowcount
