"""Reads about initiatives, always through the access policy."""

from django.db.models import Q, QuerySet

from initiatives.access import visible_collectives, visible_initiatives
from initiatives.models import Decision, Initiative, Region, Resource
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


def visible_resources(actor):
    """Resources of initiatives the actor may see, and of collectives it may see (the
    download view serves only these; anything else is not found)."""
    initiatives = visible_initiatives(Initiative.objects.all(), actor)
    return Resource.objects.filter(
        Q(initiative__in=initiatives)
        | Q(initiative__isnull=True, collective__in=visible_collectives(actor)))


PATH_SEPARATOR = " / "


def region_path(region: Region, parents: dict[int, Region] | None = None) -> str:
    """"India / Punjab / Ludhiana": how imports and exports name a region."""
    names, seen = [], set()
    while region is not None and region.pk not in seen:
        seen.add(region.pk)
        names.append(region.name)
        parent_id = region.parent_id
        region = (parents.get(parent_id) if parents is not None else region.parent) \
            if parent_id else None
    return PATH_SEPARATOR.join(reversed(names))


def region_named(text: str) -> Region:
    """The region a person names: its id, its name when only one region has it, or its path
    from the country down ("India / Punjab / Ludhiana"). Raises ValueError in plain words."""
    text = (text or "").strip()
    if text.isdigit():
        found = Region.objects.filter(pk=int(text)).first()
        if found is None:
            raise ValueError(f"No region with id {text}.")
        return found
    parts = [p.strip() for p in text.split("/") if p.strip()]
    if not parts:
        raise ValueError("Name the region, or leave the cell empty.")
    candidates = list(Region.objects.filter(name__iexact=parts[-1]))
    if len(parts) > 1:
        candidates = [r for r in candidates if region_path(r).lower()
                      == PATH_SEPARATOR.join(parts).lower()]
    if not candidates:
        raise ValueError(f"No region {text!r}. Write its name or its path from the country, "
                         "e.g. 'India / Punjab / Ludhiana'.")
    if len(candidates) > 1:
        paths = "; ".join(sorted(region_path(r) for r in candidates))
        raise ValueError(f"More than one region is called {text!r} ({paths}): write its path.")
    return candidates[0]
