"""The tenancy policy: whose organization's rows the actor may read and change.

Every entry point — views, admin, API, tasks — asks this module (or the rules built on it:
open data and collectives in `initiatives.access`). A fetch for a row the actor may not see
answers 404, never 403, so nobody learns that a private row exists.

An *actor* is a User, an AnonymousUser or an ApiKey. A key reads its organization's rows and
changes them only with write scope.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404

from crowddo.errors import NotAllowed
from people.models import ApiKey, Membership


def _is_key(actor) -> bool:
    return isinstance(actor, ApiKey)


def is_superuser(actor) -> bool:
    return bool(getattr(actor, "is_superuser", False)) and bool(actor.is_active)


CACHE_ATTR = "_crowddo_levels"


def _levels(actor) -> dict[int, str]:
    """{organization id: membership level} of a signed-in user, read once per user object.

    The one cache of the policy. Admin pages ask for permissions once per registered model;
    without it each question would be a query. `request.user` is a fresh object per request,
    so it never outlives one; `forget(user)` (called when memberships change) clears it.
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
    """Organizations whose membership the actor may change (owners; never a key)."""
    return _user_orgs(actor, (Membership.Level.OWNER,)) or set()


MANAGER_ONLY = "Only owners and orchestrators of the organization can do that."
OWNER_ONLY = "Only owners of the organization can do that."


def may_manage(actor, organization_id: int | None) -> bool:
    """Owner or orchestrator of the organization (a write-scoped key of it), or a superuser.

    For a collective's own rows (charter, commitments, indicators…) the organization is the
    collective's coordinator.
    """
    return is_superuser(actor) or organization_id in managed_org_ids(actor)


def require_manager(actor, organization_id: int | None) -> None:
    """The one "may manage this organization" check every service makes before a write."""
    if not may_manage(actor, organization_id):
        raise NotAllowed(MANAGER_ONLY)


def may_own(actor, organization_id: int | None) -> bool:
    """Owner of the organization, or a superuser: who belongs to it, and what it joins."""
    return is_superuser(actor) or organization_id in owned_org_ids(actor)


def require_owner(actor, organization_id: int | None) -> None:
    """The one owners-only check (memberships, accepting a collective's invitation)."""
    if not may_own(actor, organization_id):
        raise NotAllowed(OWNER_ONLY)


def _scoped(qs: QuerySet, field: str, org_ids: set[int]) -> QuerySet:
    # "pk": the rows are organizations themselves.
    return qs.filter(pk__in=org_ids) if field == "pk" else qs.filter(**{f"{field}_id__in": org_ids})


def private_rows(qs: QuerySet, actor, field: str = "organization") -> QuerySet:
    """Rows that are never open data: only the actor's own organizations."""
    if is_superuser(actor):
        return qs
    return _scoped(qs, field, member_org_ids(actor))


def managed_rows(qs: QuerySet, actor, field: str = "organization") -> QuerySet:
    """Rows of the organizations the actor manages; `field` is how a row reaches its
    organization ("organization", "initiative__organization", "coordinator" or "pk")."""
    if is_superuser(actor):
        return qs
    return _scoped(qs, field, managed_org_ids(actor))


def owned_rows(qs: QuerySet, actor, field: str = "organization") -> QuerySet:
    """Rows of the organizations the actor owns."""
    if is_superuser(actor):
        return qs
    return _scoped(qs, field, owned_org_ids(actor))


def managed_people(qs: QuerySet, actor) -> QuerySet:
    """People an actor may pick for a row it manages (e.g. a role's coordinator): members of
    the organizations it manages."""
    if is_superuser(actor):
        return qs
    return qs.filter(memberships__organization_id__in=managed_org_ids(actor)).distinct()


def managers_of(organization_id: int) -> QuerySet:
    """The active people who manage an organization (its owners and orchestrators): the
    inverse of `managed_org_ids`, for telling them something."""
    from people.models import User

    return User.objects.filter(
        is_active=True, memberships__organization_id=organization_id,
        memberships__level__in=Membership.MANAGING).distinct()


def get_or_404(qs: QuerySet, **lookup) -> Model:
    """Fetch from an already-scoped queryset; anything outside it is simply not found."""
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {qs.model._meta.verbose_name} found.") from None
