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


CACHE_ATTR = "_crowddo_levels"


def _levels(actor) -> dict[int, str]:
    """{organization id: membership level} of a signed-in user, read once per user object.

    Admin pages ask for permissions once per registered model; without the cache each
    question would be a query. `forget(user)` (called when memberships change) clears it.
    """
    levels = getattr(actor, CACHE_ATTR, None)
    if levels is None:
        levels = dict(Membership.objects.filter(user=actor).values_list("organization_id", "level"))
        setattr(actor, CACHE_ATTR, levels)
    return levels


def forget(actor) -> None:
    if actor is not None and hasattr(actor, CACHE_ATTR):
        delattr(actor, CACHE_ATTR)


def _user_orgs(actor, levels) -> set[int] | None:
    """None when the actor is not a signed-in user (keys and anonymous are handled by callers)."""
    if actor is None or _is_key(actor) or not getattr(actor, "is_authenticated", False):
        return None
    return {org for org, level in _levels(actor).items() if levels is None or level in levels}


def member_org_ids(actor) -> set[int]:
    """Organizations whose private rows the actor may read."""
    if _is_key(actor):
        return {actor.organization_id} if actor.is_active else set()
    return _user_orgs(actor, None) or set()


def managed_org_ids(actor) -> set[int]:
    """Organizations whose rows the actor may change (orchestrators and owners)."""
    if _is_key(actor):
        return {actor.organization_id} if actor.is_active and actor.can_write else set()
    return _user_orgs(actor, Membership.MANAGING) or set()


def owned_org_ids(actor) -> set[int]:
    return _user_orgs(actor, (Membership.Level.OWNER,)) or set()


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
