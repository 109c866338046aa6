"""Reads of /me/: the volunteer's claims, apprentices and waitlist, with flat query counts."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from people.models import User
from roles.models import Claim, WaitlistEntry


def _with_logged_work(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    return qs.annotate(
        logged_hours=Coalesce(Sum("contributions__hours"), Value(Decimal(0)),
                              output_field=DecimalField(max_digits=9, decimal_places=2)),
        logged_count=Coalesce(Sum("contributions__micro_improvements"), Value(0)),
    )


def my_claims(user: User) -> QuerySet[Claim]:
    """The volunteer's claims with their totals (and mentor), one query however many."""
    return _with_logged_work(
        Claim.objects.filter(volunteer=user)
        .exclude(status__in=[Claim.Status.RELEASED, Claim.Status.EXPIRED])
        .select_related("role__initiative__organization", "role__region", "mentor")
    ).order_by("status", "-claimed_at", "-id")


def my_apprentices(user: User) -> QuerySet[Claim]:
    """Apprenticeships the user mentors, still learning or done and waiting for a check:
    one query. A mentor sees their apprentice wherever the mentor works now."""
    return _with_logged_work(
        Claim.objects.filter(mentor=user, kind=Claim.Kind.APPRENTICE,
                             status__in=[Claim.Status.ACTIVE, Claim.Status.COMPLETED])
        .select_related("role__initiative", "volunteer")
    ).order_by("status", "claimed_at", "id")


def my_waitlist(user: User) -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.filter(
        volunteer=user, status__in=WaitlistEntry.OPEN
    ).select_related("role__initiative").order_by("status", "created_at")
