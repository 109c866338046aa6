"""May verify — THE rule of who may verify whose work, and how a verification is marked.

`may_verify_q(user)` is the one definition, a filter on claims: the queue on /me/
(`claims_to_verify`, `contributions_to_verify`), the verify and send-back actions of the
web, the admin and every other path (`can_verify`, an `exists()` on the same filter) read it.

A verifier is an active person, never the claimant, who may see the role
(`Role.visible_to`: a private role only while they belong to its organization) and who has
standing in the claim's initiative:
- an owner or orchestrator of the claim's organization (no weekly bound: their verdicts are
  in the audit log), or
- the apprentice's mentor, or
- a volunteer who holds or held a role in that initiative and has verified work of their own
  there (a contribution of theirs a peer verified: `Contribution.COUNTED`).
A mentor or peer volunteer verifies the same volunteer at most `VERIFY_PAIR_WEEKLY_MAX`
times in a rolling week (settings), so two friends cannot launder figures. A brand-new account
has no standing anywhere: its queue is empty.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from people import access
from people.models import User
from roles.models import Claim, Contribution, Verification, role_visible_q

PAST_HOLDER = (Claim.Status.COMPLETED, Claim.Status.VERIFIED, Claim.Status.RELEASED)
PAIR_WINDOW = dt.timedelta(days=7)


def initiatives_with_verified_work(user) -> QuerySet:
    """Initiatives where the user holds or held a role and a peer verified work of theirs."""
    return (Contribution.objects.filter(claim__volunteer=user, status__in=Contribution.COUNTED)
            .values("claim__role__initiative_id"))


def volunteers_at_weekly_bound(user) -> QuerySet:
    """Volunteers whose work `user` verified `VERIFY_PAIR_WEEKLY_MAX` times in the last 7 days
    (claims and contributions alike)."""
    return (Verification.objects
            .filter(verifier=user, outcome=Verification.Outcome.VERIFIED,
                    created_at__gte=timezone.now() - PAIR_WINDOW)
            .annotate(claimant=Coalesce("claim__volunteer_id", "contribution__claim__volunteer_id"))
            .values("claimant").annotate(n=Count("id"))
            .filter(n__gte=settings.VERIFY_PAIR_WEEKLY_MAX).values("claimant"))


def may_verify_q(user) -> Q:
    """Claims whose work (the claim itself or its contributions) `user` may verify."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    peer = ((Q(role__initiative_id__in=initiatives_with_verified_work(user)) | Q(mentor=user))
            & ~Q(volunteer_id__in=volunteers_at_weekly_bound(user)))
    manager = Q(organization_id__in=access.managed_org_ids(user))
    return (peer | manager) & role_visible_q(user, prefix="role__") & ~Q(volunteer=user)


def verifiable_claims(user) -> QuerySet[Claim]:
    return Claim.objects.filter(may_verify_q(user))


def can_verify(*, verifier: User, claim: Claim) -> bool:
    """`may_verify_q` for one claim."""
    return verifiable_claims(verifier).filter(pk=claim.pk).exists()


def verifier_marks(*, verifier: User, claim: Claim) -> dict:
    """How a verification of the claim's work by this verifier is marked: a past holder (a
    completed, verified or released seat of the same role, never the claim itself) and/or
    the apprentice's mentor."""
    past = Claim.objects.filter(role_id=claim.role_id, volunteer=verifier,
                                status__in=PAST_HOLDER).exclude(pk=claim.pk).exists()
    mentor = claim.mentor_id is not None and claim.mentor_id == verifier.pk
    return {"by_past_holder": past, "by_mentor": mentor}


def claims_to_verify(user: User) -> QuerySet[Claim]:
    return verifiable_claims(user).filter(status=Claim.Status.COMPLETED).select_related(
        "role__initiative", "volunteer"
    ).order_by("completed_at", "id")


def contributions_to_verify(user: User) -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        claim_id__in=verifiable_claims(user).values("pk"),
        status__in=Contribution.AWAITING_PEER,
    ).select_related("claim__role", "claim__volunteer").order_by("date", "id")


HISTORY = 10  # the volunteer's recent contributions the verifier sees


def contributions_for_review(user: User) -> QuerySet[Contribution]:
    """The queue with everything the verifier's page shows: region, note, evidence, every
    indicator report with its definition (fetch one by id: outside the queue is a 404)."""
    return (contributions_to_verify(user)
            .select_related("region", "claim__role__initiative", "claim__volunteer")
            .prefetch_related("indicator_values__indicator"))


def volunteer_history(contribution: Contribution) -> list[Contribution]:
    """The same volunteer's other recent contributions in the same initiative."""
    return list(Contribution.objects.filter(
        claim__volunteer_id=contribution.claim.volunteer_id,
        claim__role__initiative_id=contribution.claim.role.initiative_id,
    ).exclude(pk=contribution.pk).select_related("claim__role").order_by("-date", "-id")[:HISTORY])
