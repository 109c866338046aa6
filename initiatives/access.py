"""Who may see initiatives and collectives: the open-data rule and the collective rule.

Open data: a public initiative that is not a draft, with its (non-draft) roles, its figures
and its stories. Everything else of an initiative is seen only inside its organization.

Collectives: a public collective is open data. A private one is seen in full by its
coordinator and its *active* member organizations. An organization that is only *invited*
sees its invitation and the charter it is asked to accept (`invited_collectives`) — no
dashboard, report, indicator, coverage, accountability or story page until it accepts.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from initiatives.models import Collective, CollectiveMembership, Initiative
from people import access


def open_data_q(prefix: str = "") -> Q:
    """Open data, as a filter on initiatives (or on rows that reach one through `prefix`)."""
    return Q(**{f"{prefix}is_public": True}) & ~Q(**{f"{prefix}status": Initiative.Status.DRAFT})


def is_open_data(initiative: Initiative) -> bool:
    """`open_data_q` for one initiative already in memory."""
    return initiative.is_public and initiative.status != Initiative.Status.DRAFT


def visible_initiatives(qs: QuerySet[Initiative], actor) -> QuerySet[Initiative]:
    if access.is_superuser(actor):
        return qs
    return qs.filter(open_data_q() | Q(organization_id__in=access.member_org_ids(actor)))


def _membership(orgs, status: str | None) -> Exists:
    members = CollectiveMembership.objects.filter(collective=OuterRef("pk"),
                                                  organization_id__in=orgs)
    return Exists(members.filter(status=status) if status else members)


def visible_collectives(actor, qs: QuerySet[Collective] | None = None) -> QuerySet[Collective]:
    """Collectives the actor sees in full: public ones, and private ones it coordinates or
    is an active member of."""
    qs = Collective.objects.all() if qs is None else qs
    if access.is_superuser(actor):
        return qs
    orgs = access.member_org_ids(actor)
    return qs.filter(Q(is_public=True) | Q(coordinator_id__in=orgs)
                     | _membership(orgs, CollectiveMembership.Status.ACTIVE))


def collectives_open_to(org_ids) -> QuerySet[Collective]:
    """Collectives these organizations take part in: ones they coordinate or are *active*
    members of. An initiative of theirs may join one; an invitation alone is not enough."""
    return Collective.objects.filter(
        Q(coordinator_id__in=org_ids) | _membership(org_ids, CollectiveMembership.Status.ACTIVE))


def invited_collectives(actor) -> QuerySet[Collective]:
    """Private collectives that invited one of the actor's organizations (charter only)."""
    orgs = access.member_org_ids(actor)
    return Collective.objects.filter(_membership(orgs, CollectiveMembership.Status.INVITED))


def collective_for(actor, slug: str, *, invited_too: bool = False) -> Collective:
    """One collective the actor may see in full (or, for the charter, was invited to); 404."""
    qs = visible_collectives(actor)
    if invited_too:
        qs = qs | invited_collectives(actor)
    return access.get_or_404(qs.distinct().select_related("coordinator"), slug=slug)


def member_org_ids_of(collective: Collective, *, active_only: bool = True) -> set[int]:
    """The coordinator and the member organizations of a collective."""
    members = CollectiveMembership.objects.filter(collective=collective)
    if active_only:
        members = members.filter(status=CollectiveMembership.Status.ACTIVE)
    return {collective.coordinator_id, *members.values_list("organization_id", flat=True)}


def may_see_accountability(actor, collective: Collective) -> bool:
    """The accountability page: the coordinator's members and the active member
    organizations' members (of a collective the actor sees already)."""
    return is_coordinator(actor, collective) or bool(
        member_org_ids_of(collective) & access.member_org_ids(actor))


def is_coordinator(actor, collective: Collective, *, managing: bool = False) -> bool:
    """A member (or, with `managing`, an orchestrator: `may_manage`) of the coordinating
    organization."""
    if managing:
        return access.may_manage(actor, collective.coordinator_id)
    return access.is_superuser(actor) or collective.coordinator_id in access.member_org_ids(actor)
