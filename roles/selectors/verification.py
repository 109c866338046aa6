"""May verify — THE rule of who may verify whose work, and how a verification is marked.

`may_verify_q(user)` is the one definition, a filter on claims: the queue on /me/
(`claims_to_verify`, `contributions_to_verify`), the verify and send-back actions of the
web, the admin and every other path (`can_verify`, an `exists()` on the same filter) read it.

A verifier is an active person, never the claimant, who may see the role
(`Role.visible_to`: a private role only while they belong to its organization) and who
- works in the claim's initiative (a claim of theirs there that was not released or
  expired), or
- manages the claim's organization, or
- is the apprentice's mentor, wherever the mentor works now.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from people import access
from people.models import User
from roles.models import Claim, Contribution, role_visible_q

NO_STANDING = (Claim.Status.RELEASED, Claim.Status.EXPIRED)
PAST_HOLDER = (Claim.Status.COMPLETED, Claim.Status.VERIFIED, Claim.Status.RELEASED)


def may_verify_q(user) -> Q:
    """Claims whose work (the claim itself or its contributions) `user` may verify."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    standing = (Claim.objects.filter(volunteer=user).exclude(status__in=NO_STANDING)
                .values("role__initiative_id"))
    return ((Q(role__initiative_id__in=standing) | Q(mentor=user)
             | Q(organization_id__in=access.managed_org_ids(user)))
            & role_visible_q(user, prefix="role__") & ~Q(volunteer=user))


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
