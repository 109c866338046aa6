"""Reads about initiatives, always through the access policy."""

from django.db.models import Q, QuerySet

from crowddo import access
from initiatives.models import Collective, CollectiveMembership, Initiative


def initiatives_for(actor) -> QuerySet[Initiative]:
    return access.visible_initiatives(Initiative.objects.all(), actor).select_related(
        "organization", "collective", "progress"
    )


def initiative_for(actor, slug: str) -> Initiative:
    return access.get_or_404(initiatives_for(actor).prefetch_related("sdgs"), slug=slug)


# --- Partner API -----------------------------------------------------------------------------

def visible_collectives(actor) -> QuerySet[Collective]:
    """Public collectives, plus those the caller's organization coordinates or belongs to."""
    qs = Collective.objects.all()
    if access.is_superuser(actor):
        return qs
    orgs = access.member_org_ids(actor)
    member = CollectiveMembership.objects.filter(
        organization_id__in=orgs, status=CollectiveMembership.Status.ACTIVE
    ).values("collective_id")
    return qs.filter(Q(is_public=True) | Q(coordinator_id__in=orgs) | Q(id__in=member))
def decisions_for(initiative: Initiative):
    """The public decision log: the initiative's own and its collective's (the caller may see
    the initiative already)."""
    from django.db.models import Q

    from initiatives.models import Decision

    where = Q(initiative=initiative)
    if initiative.collective_id:
        where |= Q(collective_id=initiative.collective_id)
    return Decision.objects.filter(where).order_by("-decided_on", "-id")[:50]


def resources_for(initiative: Initiative):
    """Shared toolkits of the initiative and its collective ("tools, not rules")."""
    from django.db.models import Q

    from initiatives.models import Resource

    where = Q(initiative=initiative)
    if initiative.collective_id:
        where |= Q(collective_id=initiative.collective_id)
    return Resource.objects.filter(where).order_by("title")[:50]
