"""Reads of the role list and the role page, always through the access policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from people import access
from roles.filters import RoleFilterSet
from roles.models import Claim, Role, WaitlistEntry


def open_roles(actor) -> QuerySet[Role]:
    """Roles that take claims, of initiatives the actor may see, with their seat figures, ready
    for cards (newest first). Full roles stay listed: their waitlist is open."""
    return (Role.objects.visible_to(actor).taking_claims().with_seats()
            .select_related("initiative__organization", "region")
            .order_by("-created_at", "-id"))


def role_list(actor, data) -> RoleFilterSet:
    """The /roles/ page: `open_roles` through the role list's one FilterSet (the API's too).
    Its `.form` shows the filters; `.qs` is the list, with the fields in error left out."""
    return RoleFilterSet(data or None, queryset=open_roles(actor), actor=actor, page=True)


def role_for(actor, pk) -> Role:
    """One role the actor may see (any status), with what its page needs; 404 otherwise."""
    qs = Role.objects.visible_to(actor).with_seats().select_related(
        "initiative__organization", "initiative__progress", "region", "coordinator"
    ).prefetch_related("skills")
    return access.get_or_404(qs, pk=pk)


@dataclass
class Standing:
    """Where the viewer stands with one role."""

    claim: Claim | None = None
    waitlist: WaitlistEntry | None = None


def standing(user, role: Role) -> Standing:
    if not getattr(user, "is_authenticated", False):
        return Standing()
    claim = Claim.objects.filter(role=role, volunteer=user, status=Claim.Status.ACTIVE).first()
    entry = WaitlistEntry.objects.filter(
        role=role, volunteer=user, status__in=WaitlistEntry.OPEN).first()
    return Standing(claim=claim, waitlist=entry)
