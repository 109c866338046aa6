"""What needs an orchestrator's attention: each rule once, as a queryset filter.

The admin home (dashboards.selectors.workbench) counts these per organization, the admin
changelists' "needs attention" filter lists the same rows, and the stale sweep
(roles.services.claims) reminds and expires with `past_stale_fraction`. Every function takes
a queryset (already scoped to the reader) and narrows it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from roles import limits
from roles.models import Claim, Contribution, Proposal, Role, Verification, WaitlistEntry


def past_stale_fraction(claims: QuerySet[Claim], fraction: float, now=None) -> QuerySet[Claim]:
    """Active claims without activity for `fraction` of their role's stale_after_days.

    One query for the distinct stale_after_days values (a handful), then one filter OR-ing
    a cutoff per value: no interval arithmetic that differs between databases.
    """
    now = now or timezone.now()
    active = claims.filter(status=Claim.Status.ACTIVE)
    days_values = set(active.order_by().values_list("role__stale_after_days", flat=True)
                      .distinct())
    if not days_values:
        return active.none()
    rule = Q()
    for days in sorted(days_values):
        cutoff = now - dt.timedelta(days=days * fraction)
        rule |= Q(role__stale_after_days=days, last_activity_at__lte=cutoff)
    return active.filter(rule)


def stale_claims(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Past the warning point (the holder got, or is about to get, the renew e-mail)."""
    return past_stale_fraction(claims, limits.STALE_WARNING_FRACTION)


def recently_expired_claims(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    return claims.filter(status=Claim.Status.EXPIRED,
                         ended_at__gte=timezone.now() - limits.RECENTLY_EXPIRED)


def terms_ending(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    now = timezone.now()
    return claims.filter(status=Claim.Status.ACTIVE, term_ends_at__gte=now,
                         term_ends_at__lte=now + limits.TERM_ENDING_WITHIN)


def waiting_for_a_peer_too_long(work: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Submitted or resubmitted (its last change) longer ago than PEER_WAIT_TOO_LONG."""
    return work.filter(status__in=Contribution.AWAITING_PEER,
                       updated_at__lte=timezone.now() - limits.PEER_WAIT_TOO_LONG)


def held_reports(work: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return work.filter(status=Contribution.Status.HELD)


def undecided_proposals(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.filter(status=Proposal.Status.PENDING)


def full_roles_with_waitlist(roles: QuerySet[Role]) -> QuerySet[Role]:
    """Open roles with no seat free (`Role.objects.with_seats`) and people waiting."""
    waiting = WaitlistEntry.objects.filter(role_id=OuterRef("pk"),
                                           status=WaitlistEntry.Status.WAITING)
    roles = roles.filter(status=Role.Status.OPEN)
    if "seats_free" not in roles.query.annotations:
        roles = roles.with_seats()
    return roles.filter(seats_free__lte=0).filter(Exists(waiting))


# --- The figures an orchestrator checks ---------------------------------------------------


def active_volunteers(work: QuerySet[Contribution], since: dt.date) -> QuerySet:
    """Volunteer ids who logged work dated `since` or later (any status: they were active)."""
    return work.filter(date__gte=since).values("claim__volunteer_id").distinct()


def verified_since(work: QuerySet[Contribution], since) -> QuerySet[Contribution]:
    """Counted work (`Contribution.COUNTED`) whose verifying verdict came `since` or later."""
    verdicts = Verification.objects.filter(contribution_id=OuterRef("pk"),
                                           outcome=Verification.Outcome.VERIFIED,
                                           created_at__gte=since)
    return work.filter(status__in=Contribution.COUNTED).filter(Exists(verdicts))
