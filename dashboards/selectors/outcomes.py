"""Who did the work, and what came of it (outcomes reach the people who did the work).

A *contributor* of an initiative held a seat in one of its roles (active, completed or
verified) or logged a contribution there (even on a seat released later). Of a collective:
of any of its non-draft initiatives. The same definition picks who is e-mailed a milestone or
an outcome and which milestones a volunteer sees under "What came of your work" on /me/.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dashboards.models import Milestone
from dashboards.selectors.figures import HELD
from initiatives.models import Initiative
from roles.models import Claim

OUTCOME_KINDS = (Milestone.Kind.GOAL, Milestone.Kind.CLOSED)


def _contributing_claims() -> QuerySet[Claim]:
    return Claim.objects.filter(Q(status__in=HELD) | Q(contributions__isnull=False))


def contributor_ids(*, initiative_id: int | None = None,
                    collective_id: int | None = None) -> QuerySet:
    """Ids of the people who contributed to one initiative or to one collective (a subquery)."""
    claims = _contributing_claims()
    if initiative_id is not None:
        claims = claims.filter(role__initiative_id=initiative_id)
    else:
        claims = claims.filter(role__initiative__collective_id=collective_id).exclude(
            role__initiative__status=Initiative.Status.DRAFT)
    return claims.values("volunteer_id")


def outcomes_for(user, limit: int = 10) -> list[Milestone]:
    """Goal milestones and closing outcomes of the work the user did, newest first (1 query)."""
    mine = _contributing_claims().filter(volunteer=user)
    initiatives = mine.values("role__initiative_id")
    collectives = mine.exclude(role__initiative__status=Initiative.Status.DRAFT).filter(
        role__initiative__collective__isnull=False).values("role__initiative__collective_id")
    return list(
        Milestone.objects.filter(kind__in=OUTCOME_KINDS)
        .filter(Q(initiative_id__in=initiatives)
                | Q(initiative__isnull=True, collective_id__in=collectives))
        .select_related("initiative", "collective").order_by("-reached_at", "-id")[:limit]
    )
