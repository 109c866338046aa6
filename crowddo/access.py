"""The access policy: who may see and change which organization's rows.

Every entry point — views, admin, API, tasks — asks this module. Public
initiatives (and their roles) of every organization are open data; all else is
visible only inside its organization. A fetch for a row the actor may not see
answers 404, never 403, so nobody learns that a private row exists.

An *actor* is a User, an AnonymousUser or an ApiKey.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from people.models import ApiKey, Membership


def _is_key(actor) -> bool:
    return isinstance(actor, ApiKey)


def is_superuser(actor) -> bool:
    return bool(getattr(actor, "is_superuser", False)) and bool(actor.is_active)


def member_org_ids(actor) -> set[int]:
    """Organizations whose private rows the actor may read."""
    if actor is None:
        return set()
    if _is_key(actor):
        return {actor.organization_id} if actor.is_active else set()
    if not getattr(actor, "is_authenticated", False):
        return set()
    cache = getattr(actor, "_crowddo_member_orgs", None)
    if cache is None:
        cache = set(Membership.objects.filter(user=actor).values_list("organization_id", flat=True))
        actor._crowddo_member_orgs = cache
    return cache


def managed_org_ids(actor) -> set[int]:
    """Organizations whose rows the actor may change (orchestrators and owners)."""
    if actor is None:
        return set()
    if _is_key(actor):
        return {actor.organization_id} if actor.is_active and actor.can_write else set()
    if not getattr(actor, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=actor, level__in=Membership.MANAGING).values_list(
            "organization_id", flat=True
        )
    )


def owned_org_ids(actor) -> set[int]:
    if not getattr(actor, "is_authenticated", False) or _is_key(actor):
        return set()
    return set(
        Membership.objects.filter(user=actor, level=Membership.Level.OWNER).values_list(
            "organization_id", flat=True
        )
    )


def public_initiative_q(prefix: str = "") -> Q:
    """Open data: public initiatives that are not drafts."""
    return Q(**{f"{prefix}is_public": True}) & ~Q(**{f"{prefix}status": "draft"})


def visible_initiatives(qs: QuerySet, actor) -> QuerySet:
    if is_superuser(actor):
        return qs
    return qs.filter(public_initiative_q() | Q(organization_id__in=member_org_ids(actor)))


def visible_roles(qs: QuerySet, actor) -> QuerySet:
    """Roles of visible initiatives; draft roles only inside their organization."""
    if is_superuser(actor):
        return qs
    public = public_initiative_q("initiative__") & ~Q(status="draft")
    return qs.filter(public | Q(organization_id__in=member_org_ids(actor)))


def private_rows(qs: QuerySet, actor, field: str = "organization") -> QuerySet:
    """Rows that are never open data: only the actor's own organizations."""
    if is_superuser(actor):
        return qs
    return qs.filter(**{f"{field}_id__in": member_org_ids(actor)})


def managed_rows(qs: QuerySet, actor, field: str = "organization") -> QuerySet:
    if is_superuser(actor):
        return qs
    return qs.filter(**{f"{field}_id__in": managed_org_ids(actor)})


def get_or_404(qs: QuerySet, **lookup) -> Model:
    """Fetch from an already-scoped queryset; anything outside it is simply not found."""
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {qs.model._meta.verbose_name} found.") from None
