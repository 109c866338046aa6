"""Reports against a collective's shared indicators, written with the contribution they belong to.

`roles.services.contribution_log` calls `indicator_reports_write` inside its transaction, so a
refused report leaves no contribution behind. An indicator applies to a contribution when it is
active, belongs to the collective of the contribution's initiative, and lists no region or the
contribution's region or one of its ancestors.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from crowddo.errors import Invalid
from initiatives.models import Indicator, Region
from roles.models import Claim, Contribution, IndicatorValue

MAX_VALUE = Decimal("999999999999.99")  # IndicatorValue.value: 14 digits, 2 decimals
MAX_KEYS = 50  # things one contribution may name for one "count of distinct" indicator
KEY_MAX = IndicatorValue._meta.get_field("key").max_length


def region_chain(region_id: int | None, parents: dict[int, int | None]) -> set[int]:
    """The region and every region above it, from a {region id: parent id} map."""
    chain: set[int] = set()
    while region_id is not None and region_id not in chain:
        chain.add(region_id)
        region_id = parents.get(region_id)
    return chain


def applies(indicator: Indicator, chain: set[int]) -> bool:
    """`indicator.regions` must be prefetched (no query per indicator)."""
    listed = {r.pk for r in indicator.regions.all()}
    return not listed or bool(listed & chain)


def _active(collective_ids: Iterable[int]) -> list[Indicator]:
    return list(Indicator.objects.filter(collective_id__in=set(collective_ids), is_active=True)
                .prefetch_related("regions").order_by("name"))


def indicators_for_claims(claims: Iterable[Claim],
                          parents: dict[int, int | None]) -> dict[int, list[Indicator]]:
    """Indicators each claim's log form offers: those that apply in the role's region (a role
    without a region offers all, the volunteer picks the region and the service checks).
    Two queries whatever the number of claims."""
    claims = [c for c in claims if c.role.initiative.collective_id]
    by_collective: dict[int, list[Indicator]] = {}
    for indicator in _active(c.role.initiative.collective_id for c in claims) if claims else []:
        by_collective.setdefault(indicator.collective_id, []).append(indicator)
    out = {}
    for claim in claims:
        offered = by_collective.get(claim.role.initiative.collective_id, [])
        if claim.role.region_id:
            chain = region_chain(claim.role.region_id, parents)
            offered = [i for i in offered if applies(i, chain)]
        out[claim.pk] = offered
    return out


def _chain_of(region: Region | None) -> set[int]:
    chain, node = set(), region
    while node is not None:  # at most country → state → district
        chain.add(node.pk)
        node = node.parent
    return chain


def _value(raw, indicator: Indicator) -> Decimal:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(f"“{indicator.name}” needs a number.") from None
    if not value.is_finite() or value < 0:
        raise Invalid(f"“{indicator.name}” cannot be negative.")
    if value > MAX_VALUE or value != value.quantize(Decimal("0.01")):
        raise Invalid(f"“{indicator.name}” takes a number below one trillion with at most "
                      "two decimals.")
    return value


def _keys(raw, indicator: Indicator) -> list[str]:
    lines = raw if isinstance(raw, list | tuple) else str(raw or "").splitlines()
    keys, seen = [], set()
    for line in lines:
        key = str(line).strip()
        if not key or key.casefold() in seen:
            continue
        if len(key) > KEY_MAX or "\x00" in key:
            raise Invalid(f"Each thing named for “{indicator.name}” may have at most "
                          f"{KEY_MAX} characters.")
        seen.add(key.casefold())
        keys.append(key)
    if not keys:
        raise Invalid(f"“{indicator.name}” counts distinct things: name at least one.")
    if len(keys) > MAX_KEYS:
        raise Invalid(f"Name at most {MAX_KEYS} things for “{indicator.name}” at once.")
    return keys


def _rows(contribution: Contribution, indicator: Indicator, report: dict) -> list:
    common = {"organization_id": contribution.organization_id, "contribution": contribution,
              "indicator": indicator}
    if indicator.aggregation == Indicator.Aggregation.DISTINCT:
        raw = report.get("key") if report.get("key") not in (None, "") else report.get("keys")
        return [IndicatorValue(**common, key=k, value=1) for k in _keys(raw, indicator)]
    if report.get("value") in (None, ""):
        raise Invalid(f"“{indicator.name}” needs a number.")
    return [IndicatorValue(**common, value=_value(report["value"], indicator))]


def indicator_reports_write(*, contribution: Contribution,
                            reports: Iterable[dict]) -> list[IndicatorValue]:
    """Validate and store a contribution's reports: [{"indicator": slug, "value": …, "key": …}].

    Runs inside the caller's transaction. Refuses an indicator that is unknown in the
    collective, retired, or does not apply in the contribution's region, and one reported twice.
    """
    reports = list(reports)
    if not reports:
        return []
    collective_id = contribution.claim.role.initiative.collective_id
    slugs = [str(r.get("indicator", "")) for r in reports]
    if len(set(slugs)) != len(slugs):
        raise Invalid("Report each indicator once (several things for one indicator: "
                      "one per line).")
    known = {i.slug: i for i in Indicator.objects.filter(collective_id=collective_id,
                                                         slug__in=slugs)
             .prefetch_related("regions")} if collective_id else {}
    chain = _chain_of(contribution.region)
    rows = []
    for slug, report in zip(slugs, reports, strict=True):
        indicator = known.get(slug)
        if indicator is None:
            raise Invalid(f"“{slug}” is not an indicator of this initiative's collective; "
                          "see the collective's indicators page for the defined ones.")
        if not indicator.is_active:
            raise Invalid(f"“{indicator.name}” is retired and takes no new reports.")
        if not applies(indicator, chain):
            raise Invalid(f"“{indicator.name}” does not apply in "
                          f"{contribution.region or 'a contribution without a region'}.")
        rows += _rows(contribution, indicator, report)
    return IndicatorValue.objects.bulk_create(rows)
