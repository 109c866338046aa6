"""Roll-up writes: recompute the dashboard tables of the scopes a change touches.

Every function replaces a scope's rows with figures computed from the raw rows (see
`figures.py`), inside one transaction that first locks the scope's `ScopeTotal` row: a rerun or
a duplicate delivery therefore writes identical tables, and two concurrent runs for the same
scope queue instead of colliding.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from dashboards import bulk, figures, indicator_figures, outcomes
from dashboards.models import (
    Audience,
    DailyTotal,
    InitiativeProgress,
    Kind,
    LeadershipMeasure,
    Milestone,
    RegionDay,
    RegionTotal,
    ScopeTotal,
    VolunteerDay,
    VolunteerTotal,
)
from initiatives.models import Collective, CollectiveMembership, Initiative
from people.models import Organization
from roles.models import Claim

GOAL_MARKS = figures.GOAL_MARKS


def scopes_of_initiative(initiative: dict) -> list[tuple[str, int, str]]:
    """The scopes one initiative's change touches."""
    scopes = [(Kind.INITIATIVE, initiative["id"], Audience.ALL),
              (Kind.ORGANIZATION, initiative["organization_id"], Audience.PUBLIC),
              (Kind.ORGANIZATION, initiative["organization_id"], Audience.ALL)]
    if initiative["collective_id"]:
        scopes.append((Kind.COLLECTIVE, initiative["collective_id"], Audience.PUBLIC))
    return scopes


def _target(kind: str, scope_id: int, audience: str) -> int:
    if kind == Kind.COLLECTIVE:
        return Collective.objects.filter(pk=scope_id).values_list("goal_target", flat=True)[0]
    qs = Initiative.objects.filter(figures.scope_q(kind, scope_id, audience))
    return sum(qs.values_list("goal_target", flat=True))  # a handful of initiatives, not rows


@transaction.atomic
def rollup_scope(*, kind: str, scope_id: int, audience: str) -> ScopeTotal:
    """Recompute totals, days and leadership measures of one scope for one audience."""
    total, _ = ScopeTotal.objects.select_for_update().get_or_create(
        kind=kind, scope_id=scope_id, audience=audience
    )
    scope = (kind, scope_id, audience)
    roles = figures.role_totals(scope)
    values = {**figures.work_totals(scope), **figures.claim_totals(scope),
              "roles_open": roles["roles_open"], "roles_filled": roles["roles_filled"],
              "initiatives": Initiative.objects.filter(figures.scope_q(*scope)).count(),
              "target": _target(*scope)}
    for name, value in values.items():
        setattr(total, name, value)
    total.save()
    DailyTotal.objects.filter(kind=kind, scope_id=scope_id, audience=audience).delete()
    DailyTotal.objects.bulk_create(
        DailyTotal(kind=kind, scope_id=scope_id, audience=audience, **row)
        for row in figures.daily(scope)
    )
    _measures(scope, total, roles)
    return total


def _measures(scope, total: ScopeTotal, roles: dict) -> None:
    kind, scope_id, audience = scope
    values = {
        **figures.participation(scope), **figures.concentration(scope),
        **figures.orchestrator_load(scope),
        "mentorships": (mentored := figures.mentorships(scope)),
        "capabilities": figures.capabilities(scope, mentored),
        "boundary_spanners": figures.boundary_spanners(scope) if kind == Kind.COLLECTIVE else None,
        "roles_total": roles["roles_total"], "roles_from_proposals": roles["roles_from_proposals"],
        "completed_work": total.completed_claims + total.verified_claims,
        "peer_verified_work": total.verified_claims, "open_roles": total.roles_open,
    }
    LeadershipMeasure.objects.update_or_create(
        kind=kind, scope_id=scope_id, audience=audience, defaults=values
    )


@transaction.atomic
def rollup_collective_regions(*, collective_id: int) -> int:
    """Replace a collective's region totals, region days and indicator totals (public data)."""
    Collective.objects.select_for_update().filter(pk=collective_id).first()
    scope = (Kind.COLLECTIVE, collective_id, Audience.PUBLIC)
    RegionTotal.objects.filter(collective_id=collective_id).delete()
    RegionDay.objects.filter(collective_id=collective_id).delete()
    VolunteerDay.objects.filter(collective_id=collective_id).delete()
    totals = figures.region_totals(scope)
    RegionTotal.objects.bulk_create(
        RegionTotal(collective_id=collective_id, region_id=r["rid"], parent_id=r["pid"],
                    level=r["level"], contributions=r["contributions"], hours=r["hours"],
                    micro_improvements=r["micro_improvements"], volunteers=r["volunteers"])
        for r in totals
    )
    RegionDay.objects.bulk_create(
        RegionDay(collective_id=collective_id, region_id=r["rid"], day=r["date"],
                  contributions=r["contributions"], hours=r["hours"],
                  micro_improvements=r["micro_improvements"])
        for r in figures.region_days(scope)
    )
    VolunteerDay.objects.bulk_create(
        VolunteerDay(collective_id=collective_id, user_id=r["user_id"], day=r["date"],
                     contributions=r["contributions"], hours=r["hours"],
                     micro_improvements=r["micro_improvements"])
        for r in figures.volunteer_days(scope)
    )
    indicator_figures.rollup_collective_indicators(collective_id=collective_id)
    return len(totals)


@transaction.atomic
def rollup_initiative(*, initiative_id: int) -> InitiativeProgress | None:
    """Recompute one initiative's one-row totals (the same rows give the same figures)."""
    if not Initiative.objects.select_for_update().filter(pk=initiative_id).exists():
        return None
    scope = (Kind.INITIATIVE, initiative_id, Audience.ALL)
    claims, roles = figures.claim_totals(scope), figures.role_totals(scope)
    values = {**figures.work_totals(scope), **claims,
              "roles_open": roles["roles_open"], "roles_filled": roles["roles_filled"]}
    progress, _ = InitiativeProgress.objects.update_or_create(
        initiative_id=initiative_id, defaults=values
    )
    return progress


@transaction.atomic
def rollup_volunteers(*, user_ids: Iterable[int]) -> int:
    """Recompute the volunteers' own numbers; anyone without held roles drops back to zero."""
    user_ids = list(user_ids)
    rows = {r["user_id"]: r for r in figures.volunteer_totals(user_ids)}
    empty = {"contributions": 0, "hours": 0, "micro_improvements": 0, "verified_hours": 0,
             "roles_held": 0, "verified_claims": 0, "initiatives": 0}
    objs = []
    for uid in user_ids:  # one object per volunteer touched, figures already aggregated
        row = {**empty, **rows.get(uid, {}), "user_id": uid}
        objs.append(VolunteerTotal(**row, level=figures.level_for(row["verified_hours"])))
    VolunteerTotal.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=["user"],
        update_fields=[*empty, "level"],
    )
    return len(objs)


def refresh_initiative(*, initiative_id: int) -> list[int]:
    """Everything one initiative's change touches; returns new milestone ids to announce."""
    initiative = (Initiative.objects.filter(pk=initiative_id)
                  .values("id", "organization_id", "collective_id").first())
    if initiative is None:
        return []
    rollup_initiative(initiative_id=initiative_id)
    for kind, scope_id, audience in scopes_of_initiative(initiative):
        rollup_scope(kind=kind, scope_id=scope_id, audience=audience)
    if initiative["collective_id"]:
        rollup_collective_regions(collective_id=initiative["collective_id"])
    volunteer_ids = set(Claim.objects.filter(role__initiative_id=initiative_id)
                        .values_list("volunteer_id", flat=True))
    rollup_volunteers(user_ids=volunteer_ids)
    return record_milestones(initiative_ids=[initiative_id],
                             collective_ids=[initiative["collective_id"]],
                             user_ids=volunteer_ids)


def rollup_everything(progress=None) -> int:
    """Recompute every table from scratch (the beat reconciliation and `manage.py rollup`).

    On PostgreSQL each table is computed for all scopes at once (`bulk.py`: a few set-based
    statements per table, one transaction each). The embedded SQLite default keeps the
    per-scope loop: its data is demo-sized and the set-based SQL uses PostgreSQL features.
    `progress` wraps the list of steps (e.g. tqdm) so the command can show a progress bar.
    Returns the number of scope totals written.
    """
    if connection.vendor == "postgresql":
        return bulk.rollup_all_tables(progress)["scope totals"]
    return _rollup_each_scope(progress)


def _rollup_each_scope(progress=None) -> int:
    steps = [("initiative", i) for i in Initiative.objects.values_list("id", flat=True)]
    steps += [("org", o) for o in Organization.objects.values_list("id", flat=True)]
    steps += [("collective", c) for c in Collective.objects.values_list("id", flat=True)]
    written = 0
    for kind, pk in progress(steps) if progress else steps:
        if kind == "initiative":
            rollup_initiative(initiative_id=pk)
            rollup_scope(kind=Kind.INITIATIVE, scope_id=pk, audience=Audience.ALL)
            written += 1
        elif kind == "org":
            for audience in (Audience.PUBLIC, Audience.ALL):
                rollup_scope(kind=Kind.ORGANIZATION, scope_id=pk, audience=audience)
            written += 2
        else:
            rollup_scope(kind=Kind.COLLECTIVE, scope_id=pk, audience=Audience.PUBLIC)
            rollup_collective_regions(collective_id=pk)
            written += 1
    _drop_orphans()
    user_ids = set(Claim.objects.values_list("volunteer_id", flat=True).distinct())
    rollup_volunteers(user_ids=user_ids)
    record_milestones(initiative_ids=[pk for kind, pk in steps if kind == "initiative"],
                      collective_ids=[pk for kind, pk in steps if kind == "collective"],
                      user_ids=user_ids)
    return written


def _drop_orphans() -> None:
    """Scope rows whose initiative, organization or collective is gone."""
    for kind, model in ((Kind.INITIATIVE, Initiative), (Kind.ORGANIZATION, Organization),
                        (Kind.COLLECTIVE, Collective)):
        gone = ~Q(scope_id__in=model.objects.values("id")) & Q(kind=kind)
        for table in (ScopeTotal, DailyTotal, LeadershipMeasure):
            table.objects.filter(gone).delete()


def _goal_candidates(initiative_ids, collective_ids) -> list[Milestone]:
    out = []
    for p in (InitiativeProgress.objects.filter(initiative_id__in=initiative_ids)
              .select_related("initiative")):
        ini = p.initiative
        public = ini.is_public and ini.status != Initiative.Status.DRAFT
        out += [Milestone(key=f"goal:initiative:{ini.pk}:{m}", kind=Milestone.Kind.GOAL,
                          initiative=ini, collective_id=ini.collective_id, percent=m,
                          is_public=public) for m in GOAL_MARKS if p.percent >= m]
        if p.verified_claims:
            out.append(Milestone(key=f"first-verified:initiative:{ini.pk}", initiative=ini,
                                 kind=Milestone.Kind.FIRST_VERIFIED, is_public=public,
                                 collective_id=ini.collective_id))
    for t in ScopeTotal.objects.filter(kind=Kind.COLLECTIVE, scope_id__in=collective_ids,
                                       audience=Audience.PUBLIC):
        out += [Milestone(key=f"goal:collective:{t.scope_id}:{m}", kind=Milestone.Kind.GOAL,
                          collective_id=t.scope_id, percent=m)
                for m in GOAL_MARKS if t.percent >= m]
    return out


@transaction.atomic
def record_milestones(*, initiative_ids, collective_ids, user_ids) -> list[int]:
    """Record milestones reached and not yet recorded; return the new ones' ids."""
    candidates = _goal_candidates(initiative_ids, [c for c in collective_ids if c])
    for total in VolunteerTotal.objects.filter(user_id__in=user_ids, level__gt=0):
        candidates += [Milestone(key=f"level:user:{total.user_id}:{lv}", level=lv,
                                 kind=Milestone.Kind.LEVEL_UP, volunteer_id=total.user_id,
                                 is_public=False)
                       for lv in range(1, total.level + 1)]
    keys = [m.key for m in candidates]
    known = set(Milestone.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [m for m in candidates if m.key not in known]
    # ignore_conflicts: a concurrent run that recorded the same key first wins; recorded once.
    Milestone.objects.bulk_create(new, ignore_conflicts=True)
    return list(Milestone.objects.filter(key__in=[m.key for m in new], announced_at__isnull=True)
                .values_list("id", flat=True))


def _recipients(milestone: Milestone) -> list[str]:
    """Who hears of a milestone: the volunteer who levelled up; for an initiative, its
    orchestrators and everyone who contributed to it; for a collective, the orchestrators of
    its organizations and everyone who contributed to its initiatives. Deleted accounts
    (inactive) never get mail."""
    from people.models import Membership, User

    if milestone.kind == Milestone.Kind.LEVEL_UP:
        people = User.objects.filter(pk=milestone.volunteer_id)
    elif milestone.initiative_id:
        people = User.objects.filter(
            Q(memberships__organization__initiatives=milestone.initiative_id,
              memberships__level__in=Membership.MANAGING)
            | Q(pk__in=outcomes.contributor_ids(initiative_id=milestone.initiative_id))
        )
    else:
        # Organizations only invited have not joined: their orchestrators are not told.
        joined = CollectiveMembership.objects.filter(
            collective_id=milestone.collective_id, status=CollectiveMembership.Status.ACTIVE,
        ).values("organization_id")
        people = User.objects.filter(
            Q(memberships__organization__in=joined, memberships__level__in=Membership.MANAGING)
            | Q(memberships__organization__coordinated_collectives=milestone.collective_id,
                memberships__level__in=Membership.MANAGING)
            | Q(pk__in=outcomes.contributor_ids(collective_id=milestone.collective_id))
        )
    return sorted(set(people.filter(is_active=True).values_list("email", flat=True)))


@transaction.atomic
def milestone_announce(*, milestone_id: int) -> bool:
    """E-mail the people involved, once. The mark and the send share one transaction: if the
    mail server fails, the mark rolls back and a retry sends it; a duplicate delivery finds
    the mark (it waits on the row lock) and sends nothing."""
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string

    if not Milestone.objects.filter(pk=milestone_id, announced_at__isnull=True).update(
        announced_at=timezone.now()
    ):
        return False
    milestone = Milestone.objects.select_related("initiative", "collective", "volunteer").get(
        pk=milestone_id
    )
    if milestone.kind == Milestone.Kind.CLOSED:
        Initiative.objects.filter(pk=milestone.initiative_id).update(
            outcome_announced_at=timezone.now())
    recipients = _recipients(milestone)
    if recipients:
        body = render_to_string("dashboards/email/milestone.txt",
                                {"m": milestone, "site_url": settings.SITE_URL})
        # Bcc: the people celebrated together never see each other's addresses.
        EmailMessage(subject=f"CrowdDo: {milestone.describe()}", body=body,
                     to=[], bcc=recipients).send()
    return True


def unannounced_milestones() -> list[int]:
    return list(Milestone.objects.filter(announced_at__isnull=True).values_list("id", flat=True))
