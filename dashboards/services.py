"""Roll-up computation: set-based SQL from raw rows into the dashboard tables."""

from django.db import transaction
from django.db.models import Count, Q, Sum

from dashboards.models import InitiativeProgress
from initiatives.models import Initiative
from roles.models import Claim, Contribution


@transaction.atomic
def rollup_initiative(*, initiative_id: int) -> InitiativeProgress | None:
    """Recompute one initiative's totals. Idempotent: the same rows give the same figures."""
    if not Initiative.objects.filter(pk=initiative_id).exists():
        return None
    work = Contribution.objects.filter(claim__role__initiative_id=initiative_id).aggregate(
        contributions=Count("id"), hours=Sum("hours"), micro_improvements=Sum("micro_improvements")
    )
    S = Claim.Status
    claims = Claim.objects.filter(role__initiative_id=initiative_id).aggregate(
        active_claims=Count("id", filter=Q(status=S.ACTIVE)),
        completed_claims=Count("id", filter=Q(status=S.COMPLETED)),
        verified_claims=Count("id", filter=Q(status=S.VERIFIED)),
        volunteers=Count("volunteer", distinct=True,
                         filter=~Q(status__in=[S.RELEASED, S.EXPIRED])),
    )
    values = {k: v or 0 for k, v in {**work, **claims}.items()}
    progress, _ = InitiativeProgress.objects.update_or_create(
        initiative_id=initiative_id, defaults=values
    )
    return progress


def rollup_everything() -> int:
    ids = list(Initiative.objects.values_list("id", flat=True))
    for initiative_id in ids:
        rollup_initiative(initiative_id=initiative_id)
    return len(ids)
