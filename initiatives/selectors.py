"""Reads about initiatives, always through the access policy."""

from django.db.models import Q, QuerySet

from initiatives.access import visible_initiatives
from initiatives.models import Decision, Initiative, Resource
from people import access


def initiatives_for(actor) -> QuerySet[Initiative]:
    return visible_initiatives(Initiative.objects.all(), actor).select_related(
        "organization", "collective", "progress"
    )


def initiative_for(actor, slug: str) -> Initiative:
    return access.get_or_404(initiatives_for(actor).prefetch_related("sdgs"), slug=slug)


def decisions_for(initiative: Initiative):
    """The public decision log: the initiative's own and its collective's (the caller may see
    the initiative already)."""
    where = Q(initiative=initiative)
    if initiative.collective_id:
        where |= Q(collective_id=initiative.collective_id)
    return Decision.objects.filter(where).order_by("-decided_on", "-id")[:50]


def resources_for(initiative: Initiative):
    """Shared toolkits of the initiative and its collective ("tools, not rules")."""
    where = Q(initiative=initiative)
    if initiative.collective_id:
        where |= Q(collective_id=initiative.collective_id)
    return Resource.objects.filter(where).order_by("title")[:50]
