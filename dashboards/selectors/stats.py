"""Reads of progress statistics for the partner API — from the roll-up tables only.

The API reads dashboard tables through this module: `ScopeTotal` (totals), `DailyTotal`
(per day, with a running total), `RegionTotal`/`RegionDay` (a collective's public work per
region) and `LeadershipMeasure`. Every figure is read as stored — distinct volunteers come
from the roll-up of the scope asked for, never from a sum of other scopes' distinct counts.

Which stored row a caller gets (the audience):

| scope        | anonymous, another organization's key      | the organization's own key      |
| ------------ | ------------------------------------------ | ------------------------------- |
| initiative   | the row of an open initiative              | also its private/draft ones     |
| organization | the `public` row                           | the `all` row                   |
| collective   | the `public` row of a visible collective   | the same (only `public` exists) |

The roll-up stores an initiative's rows with audience `all`; its scope is that one
initiative, so for an open (public, not draft) initiative they hold open data only and are
served as `public`; a private initiative's rows stay with its organization's key.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, When

from dashboards.models import (
    Audience,
    DailyTotal,
    Kind,
    LeadershipMeasure,
    RegionDay,
    RegionTotal,
    ScopeTotal,
)
from dashboards.selectors.leadership import measures_of
from initiatives import access as initiative_access
from initiatives.access import is_open_data, open_data_q, visible_collectives
from initiatives.models import Collective, Initiative
from people import access
from people.models import Organization

__all__ = ["Audience", "Kind", "measures_of", "visible_collectives"]


# --- Who sees which scope, with which audience ---------------------------------------------

def visible_initiatives(actor) -> QuerySet[Initiative]:
    return initiative_access.visible_initiatives(Initiative.objects.all(), actor)


def own_org_ids(actor) -> set[int]:
    return access.member_org_ids(actor)


def initiative_audience(initiative: Initiative) -> str:
    """What an initiative's (`all`) rows amount to: open data, or its organization's only."""
    return Audience.PUBLIC if is_open_data(initiative) else Audience.ALL


def organization_audience(actor, organization_id: int) -> str:
    return Audience.ALL if organization_id in own_org_ids(actor) else Audience.PUBLIC


# Stored audience per kind for (kind, audience served). Initiatives store `all` only.
STORED = {Kind.INITIATIVE: lambda served: Audience.ALL,
          Kind.ORGANIZATION: lambda served: served,
          Kind.COLLECTIVE: lambda served: Audience.PUBLIC}


# --- Totals and days -----------------------------------------------------------------------

def totals_of(kind: str, audiences: dict[int, str]) -> dict[int, ScopeTotal]:
    """The stored totals of several scopes of one kind (one query), by scope id.

    `audiences` maps scope id -> audience served; a scope without a row yet is missing.
    """
    q = Q(pk__in=[])
    for audience in (Audience.PUBLIC, Audience.ALL):
        ids = [pk for pk, served in audiences.items() if served == audience]
        if ids:
            q |= Q(audience=STORED[kind](audience), scope_id__in=ids)
    return {t.scope_id: t for t in ScopeTotal.objects.filter(q, kind=kind)}


def days_of(kind: str, scope_id: int, served: str, *, since: dt.date | None = None,
            until: dt.date | None = None) -> QuerySet[DailyTotal]:
    """One scope's days in [since, until], oldest first (one query per page)."""
    qs = DailyTotal.objects.filter(kind=kind, scope_id=scope_id, audience=STORED[kind](served))
    if since:
        qs = qs.filter(day__gte=since)
    if until:
        qs = qs.filter(day__lte=until)
    return qs.order_by("day")


def initiatives_updated_since(qs: QuerySet[Initiative], moment) -> QuerySet[Initiative]:
    """Initiatives whose totals were recomputed at or after `moment`."""
    rolled = ScopeTotal.objects.filter(kind=Kind.INITIATIVE, audience=Audience.ALL,
                                       computed_at__gte=moment).values("scope_id")
    return qs.filter(pk__in=rolled)


# --- Regions (collectives' public work) ----------------------------------------------------

def region_totals(actor) -> QuerySet[RegionTotal]:
    """Per collective and region (every level), for the collectives the caller may see."""
    return (RegionTotal.objects.filter(collective__in=visible_collectives(actor).values("id"))
            .select_related("collective", "region"))


def region_days(actor) -> QuerySet[RegionDay]:
    return (RegionDay.objects.filter(collective__in=visible_collectives(actor).values("id"))
            .select_related("collective", "region"))


# --- Leadership measures -------------------------------------------------------------------

def _visible_scopes_q(actor) -> Q:
    own = own_org_ids(actor)
    return (
        Q(kind=Kind.INITIATIVE, audience=Audience.ALL,
          scope_id__in=visible_initiatives(actor).values("id"))
        | Q(kind=Kind.COLLECTIVE, audience=Audience.PUBLIC,
            scope_id__in=visible_collectives(actor).values("id"))
        | (Q(kind=Kind.ORGANIZATION, audience=Audience.PUBLIC,
             scope_id__in=Organization.objects.values("id")) & ~Q(scope_id__in=own))
        | Q(kind=Kind.ORGANIZATION, audience=Audience.ALL, scope_id__in=own)
    )


def _scope_field(field: str) -> Case:
    """The scope's slug or name, whatever its kind, read in the same query."""
    def sub(model):
        return Subquery(model.objects.filter(pk=OuterRef("scope_id")).values(field)[:1])
    return Case(When(kind=Kind.INITIATIVE, then=sub(Initiative)),
                When(kind=Kind.ORGANIZATION, then=sub(Organization)),
                When(kind=Kind.COLLECTIVE, then=sub(Collective)),
                output_field=CharField())


def _initiative_open() -> Subquery:
    return Subquery(Initiative.objects.filter(open_data_q(), pk=OuterRef("scope_id"))
                    .values("pk")[:1])


def leadership_rows(actor) -> QuerySet[LeadershipMeasure]:
    """One measure row per scope the caller may see, in the audience it may see (one query)."""
    return (LeadershipMeasure.objects.filter(_visible_scopes_q(actor))
            .annotate(scope_slug=_scope_field("slug"), scope_name=_scope_field("name"),
                      open_initiative=_initiative_open()))


def served_audience(row: LeadershipMeasure) -> str:
    """The audience a stored row amounts to (see the module docstring)."""
    if row.kind == Kind.INITIATIVE:
        return Audience.PUBLIC if getattr(row, "open_initiative", None) else Audience.ALL
    return row.audience
