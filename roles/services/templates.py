"""An initiative used as a template: cloned into a new draft with its roles, skills, SDGs and
resources (HOT Tasking Manager's "copy a project"). Lives with the roles because it copies
them; the initiative itself is written through `initiatives.services.initiative_save`."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from initiatives.models import Initiative, Resource
from initiatives.services import initiative_save, resource_save
from people import access
from roles.services.common import each
from roles.services.roles import roles_duplicate

SLUG_MAX = Initiative._meta.get_field("slug").max_length
NAME_MAX = Initiative._meta.get_field("name").max_length


def _free_slug(base: str) -> str:
    base = slugify(base)[: SLUG_MAX - 4] or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base[: SLUG_MAX - 4]}-{n}", n + 1
    return slug


@transaction.atomic
def initiative_clone(*, initiative: Initiative, actor) -> Initiative:
    """A draft copy: the same organization, texts, goal, SDGs, region and collective; every
    role as a draft with its skills (`roles_duplicate`); every resource (links, and files by
    reference to the same stored file). Claims, work, decisions and the outcome are not
    copied: they belong to what happened in the original."""
    access.require_manager(actor, initiative.organization_id)
    name = f"{initiative.name} (copy)"[:NAME_MAX]
    copy = Initiative(
        organization_id=initiative.organization_id, collective_id=initiative.collective_id,
        name=name, slug=_free_slug(f"{initiative.slug}-copy"), summary=initiative.summary,
        purpose=initiative.purpose, goal_label=initiative.goal_label,
        goal_target=initiative.goal_target, is_public=initiative.is_public,
        region_id=initiative.region_id, status=Initiative.Status.DRAFT)
    initiative_save(initiative=copy, actor=actor)
    copy.sdgs.set(initiative.sdgs.all())
    roles_duplicate(roles=initiative.roles.all(), initiative=copy, actor=actor)
    for resource in Resource.objects.filter(initiative=initiative).order_by("pk"):
        resource_save(resource=Resource(
            organization_id=resource.organization_id, initiative=copy, title=resource.title,
            description=resource.description, url=resource.url, file=resource.file.name),
            actor=actor)
    return copy


@transaction.atomic
def initiatives_clone(*, initiatives: QuerySet, actor) -> int:
    return each(initiatives, lambda i: initiative_clone(initiative=i, actor=actor))
