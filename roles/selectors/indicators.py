"""Which of a collective's shared indicators a contribution may report against (reads; the
reports are written by `roles.services.contributions`)."""

from __future__ import annotations

from collections.abc import Iterable

from initiatives.models import Indicator
from roles.models import Claim


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

