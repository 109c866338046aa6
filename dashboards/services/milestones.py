"""Milestones: recorded once by either roll-up path, announced once by e-mail.

Both paths record the same milestones — `record_milestones` (the incremental roll-up, and the
per-scope loop on SQLite) from the ORM, `record_all_milestones` (the set-based reconciliation)
with one statement (`statements.MILESTONES`) — and both send `signals.milestone_reached` with
the milestones they recorded, inside the recording transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from dashboards.models import (
    GOAL_MARKS,
    Audience,
    InitiativeProgress,
    Kind,
    Milestone,
    ScopeTotal,
    VolunteerTotal,
)
from dashboards.selectors import outcomes
from dashboards.services import statements
from dashboards.signals import Reached, milestone_reached
from initiatives.access import is_open_data, member_org_ids_of
from initiatives.models import Initiative
from people.mail import send_templated
from people.models import Membership, User


def _sent(reached: list[Reached]) -> None:
    if reached:
        milestone_reached.send(sender=Milestone, milestones=reached)


def _reached(milestone: Milestone) -> Reached:
    return Reached(milestone_id=milestone.pk, kind=milestone.kind,
                   initiative_id=milestone.initiative_id,
                   collective_id=milestone.collective_id, volunteer_id=milestone.volunteer_id,
                   organization_id=(milestone.initiative.organization_id
                                    if milestone.initiative_id else None),
                   percent=milestone.percent, is_public=milestone.is_public)


def _goal_candidates(initiative_ids, collective_ids) -> list[Milestone]:
    out = []
    for p in (InitiativeProgress.objects.filter(initiative_id__in=initiative_ids)
              .select_related("initiative")):
        ini = p.initiative
        public = is_open_data(ini)
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
    recorded = list(Milestone.objects.filter(key__in=[m.key for m in new],
                                             announced_at__isnull=True)
                    .select_related("initiative"))
    _sent([_reached(m) for m in recorded])
    return [m.pk for m in recorded]


@transaction.atomic
def record_all_milestones() -> int:
    """Every milestone reached and not yet recorded, in one statement (the reconciliation);
    returns how many were recorded."""
    with connection.cursor() as cursor:
        # Without JIT: the planner's large estimates made it compile the statement (seconds)
        # for a plan that runs in less (`full.SESSION`, the other steps' settings).
        cursor.execute("SET LOCAL jit = off; " + statements.MILESTONES)
        rows = cursor.fetchall()
    _sent([Reached(*row) for row in rows])  # columns in Reached's order
    return len(rows)


@transaction.atomic
def record_closed(*, initiative_id: int) -> Milestone | None:
    """The CLOSED milestone of an initiative, recorded once (the key makes reruns no-ops)."""
    initiative = Initiative.objects.filter(pk=initiative_id).first()
    if initiative is None or initiative.status != Initiative.Status.CLOSED:
        return None
    milestone, created = Milestone.objects.get_or_create(
        key=f"closed:initiative:{initiative.pk}",
        defaults={"kind": Milestone.Kind.CLOSED, "initiative": initiative,
                  "collective_id": initiative.collective_id,
                  "is_public": initiative.is_public},
    )
    if created:
        _sent([_reached(milestone)])
    return milestone


def _recipients(milestone: Milestone) -> list[User]:
    """Who hears of a milestone: the volunteer who levelled up; for an initiative, its
    orchestrators and everyone who contributed to it; for a collective, the orchestrators of
    its coordinator and active member organizations (invited ones have not joined) and
    everyone who contributed to its initiatives. Deleted accounts (inactive) never get mail."""
    managing = Membership.MANAGING
    if milestone.kind == Milestone.Kind.LEVEL_UP:
        people = User.objects.filter(pk=milestone.volunteer_id)
    elif milestone.initiative_id:
        people = User.objects.filter(
            Q(memberships__organization__initiatives=milestone.initiative_id,
              memberships__level__in=managing)
            | Q(pk__in=outcomes.contributor_ids(initiative_id=milestone.initiative_id))
        )
    else:
        members = member_org_ids_of(milestone.collective)
        people = User.objects.filter(
            Q(memberships__organization__in=members, memberships__level__in=managing)
            | Q(pk__in=outcomes.contributor_ids(collective_id=milestone.collective_id))
        )
    # People who stopped orchestrator messages and celebrations (User.wants_messages) are
    # left out; the e-mail says where to stop them.
    return list(User.objects.filter(pk__in=people.filter(is_active=True, wants_messages=True)
                                    .values("pk")).order_by("email").only("email", "language"))


@transaction.atomic
def milestone_announce(*, milestone_id: int) -> bool:
    """E-mail the people involved, once. The mark and the send share one transaction: if the
    mail server fails, the mark rolls back and a retry sends it; a duplicate delivery finds
    the mark (it waits on the row lock) and sends nothing."""
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
    # Bcc: the people celebrated together never see each other's addresses.
    send_templated("dashboards/email/milestone", {"m": milestone, "site_url": settings.SITE_URL},
                   recipients, hidden=True)
    return True


def unannounced_milestones() -> list[int]:
    return list(Milestone.objects.filter(announced_at__isnull=True).values_list("id", flat=True))
