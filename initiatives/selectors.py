"""Reads about initiatives, always through the access policy."""

from django.db.models import QuerySet

from crowddo import access
from initiatives.models import Initiative


def initiatives_for(actor) -> QuerySet[Initiative]:
    return access.visible_initiatives(Initiative.objects.all(), actor).select_related(
        "organization", "collective", "progress"
    )


def initiative_for(actor, slug: str) -> Initiative:
    return access.get_or_404(initiatives_for(actor).prefetch_related("sdgs"), slug=slug)
