"""Reads for the dashboards: only roll-up tables (plus the few rows the page names).

Every function runs a fixed number of queries, whatever the amount of data behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from dashboards.models import (
    RECENT_WORK,
    Audience,
    DailyTotal,
    InitiativeProgress,
    Kind,
    LeadershipMeasure,
    Milestone,
    RecentWork,
    RegionDay,
    RegionTotal,
    ScopeTotal,
    VolunteerDay,
    VolunteerTotal,
)
from dashboards.selectors import outcomes
from dashboards.selectors.figures import recent_work
from dashboards.selectors.leadership import measures_of
from initiatives.access import open_data_q
from initiatives.models import Collective, Decision, Initiative, Region
from people import access
from people.models import Organization
from roles.models import Contribution


def organization_for_member(actor, slug: str) -> Organization:
    """An organization dashboard is for its members: anyone else gets a 404."""
    return access.get_or_404(_member_orgs(actor), slug=slug)


def _member_orgs(actor) -> QuerySet[Organization]:
    if access.is_superuser(actor):
        return Organization.objects.all()
    return Organization.objects.filter(id__in=access.member_org_ids(actor))


def scope_total(kind: str, scope_id: int, audience: str) -> ScopeTotal:
    """The stored totals, or an empty row (not saved) before the first roll-up."""
    found = ScopeTotal.objects.filter(kind=kind, scope_id=scope_id, audience=audience).first()
    return found or ScopeTotal(kind=kind, scope_id=scope_id, audience=audience)


def daily(kind: str, scope_id: int, audience: str) -> list[DailyTotal]:
    return list(DailyTotal.objects.filter(kind=kind, scope_id=scope_id, audience=audience)
                .order_by("day"))


def regions(collective: Collective, parent_id: int | None) -> tuple[Region | None, list]:
    """Regions one level below `parent_id` (countries when None), with the trail to it."""
    parent = Region.objects.filter(pk=parent_id).select_related("parent__parent").first() \
        if parent_id else None
    rows = (RegionTotal.objects.filter(collective=collective, parent=parent)
            .select_related("region").order_by("-micro_improvements", "region__name"))
    if parent is None:
        rows = rows.filter(level=Region.Level.COUNTRY)
    return parent, list(rows)


def organizations(collective: Collective) -> list[dict]:
    """Member organizations' public progress in the collective, from the initiative roll-ups."""
    return list(
        InitiativeProgress.objects.filter(open_data_q("initiative__"),
                                          initiative__collective=collective)
        .values("initiative__organization__name", "initiative__organization__slug")
        .annotate(micro_improvements=Sum("micro_improvements"), hours=Sum("hours"),
                  contributions=Sum("contributions"), verified_claims=Sum("verified_claims"))
        .order_by("-micro_improvements", "initiative__organization__name")
    )


def recent_verified(collective: Collective) -> list[Contribution]:
    """The latest verified micro-improvements of public initiatives: a feed, not a count. The
    roll-up keeps the feed's rows (`RecentWork`); open data and the rule are checked again on
    those few rows, so work unpublished since the last roll-up never shows (one query)."""
    feed = RecentWork.objects.filter(collective=collective).values("contribution_id")
    return list(
        recent_work(Contribution.objects.filter(
            open_data_q("claim__role__initiative__"), pk__in=feed))
        .select_related("claim__role__initiative", "region")[:RECENT_WORK]
    )


def milestones(*, collective=None, initiative=None, limit: int = 8) -> list[Milestone]:
    qs = Milestone.objects.filter(is_public=True).select_related("initiative", "collective")
    qs = qs.filter(collective=collective) if collective else qs.filter(initiative=initiative)
    return list(qs[:limit])


@dataclass
class Measure:
    label: str
    value: str
    explanation: str
    detail: str = ""


def leadership(kind: str, scope_id: int, audience: str) -> list[Measure]:
    """The distributed-leadership measures, each with one sentence on why it matters."""
    m = LeadershipMeasure.objects.filter(kind=kind, scope_id=scope_id, audience=audience).first()
    if m is None:
        return []
    return [Measure(row["label"], row["display"], row["explanation"], row["detail"])
            for row in measures_of(m)]


def initiative_progress(initiative: Initiative) -> dict:
    """For the initiative page: totals, public milestones, leadership measures (3 queries)."""
    progress = InitiativeProgress.objects.filter(initiative=initiative).first()
    return {"initiative": initiative, "progress": progress,
            "milestones": milestones(initiative=initiative, limit=5),
            "measures": leadership(Kind.INITIATIVE, initiative.pk, Audience.ALL)}


def volunteer_numbers(user) -> dict:
    """For /me/: the volunteer's own numbers and level-ups (2 queries)."""
    if not getattr(user, "is_authenticated", False):
        return {"numbers": None, "milestones": []}
    numbers = VolunteerTotal.objects.filter(user=user).first()
    level_ups = list(Milestone.objects.filter(volunteer=user, kind=Milestone.Kind.LEVEL_UP)[:5])
    return {"numbers": numbers, "milestones": level_ups}


def organization_milestones(org: Organization, limit: int = 8) -> list[Milestone]:
    """Members see their private initiatives' milestones too (the page is members-only)."""
    return list(Milestone.objects.filter(initiative__organization=org)
                .select_related("initiative", "collective")[:limit])


def organization_initiatives(org: Organization) -> list[InitiativeProgress]:
    return list(InitiativeProgress.objects.filter(initiative__organization=org)
                .select_related("initiative").order_by("initiative__name"))


# --- The "State of the collective" report -------------------------------------------------


def period_bounds(month: str | None, today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """(start, end exclusive, previous start) of a calendar month given as YYYY-MM."""
    try:
        start = dt.date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    except ValueError:
        start = today.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    previous = (start - dt.timedelta(days=1)).replace(day=1)
    return start, end, previous


def region_changes(collective, start, end, previous) -> list[dict]:
    """Per region (every level): work this period and the period before (one query)."""
    rows = (RegionDay.objects.filter(collective=collective, day__gte=previous, day__lt=end)
            .values("region_id", "region__name", "region__level", "region__parent__name")
            .annotate(now=Sum("micro_improvements", filter=Q(day__gte=start)),
                      before=Sum("micro_improvements", filter=Q(day__lt=start)),
                      hours=Sum("hours", filter=Q(day__gte=start)))
            .order_by("region__level", "-now", "region__name"))
    order = {level.value: n for n, level in enumerate(Region.Level)}  # country first
    out = [{**r, "now": r["now"] or 0, "before": r["before"] or 0,
            "change": (r["now"] or 0) - (r["before"] or 0)} for r in rows]
    return sorted(out, key=lambda r: (order.get(r["region__level"], 3), -r["now"]))


def leaders(collective, start, end, limit: int = 10) -> list[dict]:
    """The period's leaders by micro-improvements: only people who allow being named."""
    return list(
        VolunteerDay.objects.filter(collective=collective, day__gte=start, day__lt=end,
                                    user__show_in_reports=True)
        .values("user__display_name")
        .annotate(micro_improvements=Sum("micro_improvements"), hours=Sum("hours"))
        .exclude(user__display_name="")
        .order_by("-micro_improvements", "-hours", "user__display_name")[:limit]
    )


def decisions(collective, start, end) -> list[Decision]:
    return list(Decision.objects.filter(
        Q(collective=collective) | Q(open_data_q("initiative__"),
                                     initiative__collective=collective),
        decided_on__gte=start, decided_on__lt=end,
    ).select_related("initiative"))


def period_totals(collective, start, end) -> dict:
    rows = DailyTotal.objects.filter(kind=Kind.COLLECTIVE, scope_id=collective.pk,
                                     audience=Audience.PUBLIC, day__gte=start, day__lt=end)
    return rows.aggregate(micro_improvements=Sum("micro_improvements"), hours=Sum("hours"),
                          contributions=Sum("contributions"))


def work_outcomes(user) -> list[Milestone]:
    """For /me/: goal milestones and closing outcomes of initiatives (and collectives) the user
    contributed to, newest first (1 query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return outcomes.outcomes_for(user)


def collective_totals(collectives) -> list[tuple[Collective, ScopeTotal]]:
    """Each collective with its public headline figures from the roll-up table (one query)."""
    collectives = list(collectives)
    found = {t.scope_id: t for t in ScopeTotal.objects.filter(
        kind=Kind.COLLECTIVE, audience=Audience.PUBLIC, scope_id__in=[c.pk for c in collectives])}
    return [(c, found.get(c.pk) or ScopeTotal(kind=Kind.COLLECTIVE, scope_id=c.pk,
                                               audience=Audience.PUBLIC, target=c.goal_target))
            for c in collectives]
