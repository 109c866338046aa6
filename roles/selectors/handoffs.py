"""Reads of rotation: who reads a role's hand-off notes, the notes, and where an expired
claim's seat went (for the expiry e-mail)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from people import access
from roles.models import Claim, Role, WaitlistEntry
from roles.selectors.browse import Standing


def may_read_handoffs(user, role: Role, standing: Standing) -> bool:
    """Hand-off notes may name people, so they are not public: the role's current holders
    (regular or apprentice seat), whoever is offered a seat now, and the organization's
    managers read them."""
    if not getattr(user, "is_authenticated", False):
        return False
    offer = standing.waitlist
    if standing.claim is not None or (  # an offer past its hold (not yet swept) is not "now"
            offer is not None and offer.status == WaitlistEntry.Status.OFFERED
            and offer.offer_expires_at is not None and offer.offer_expires_at > timezone.now()):
        return True
    return access.may_manage(user, role.organization_id)


def handoff_notes(role: Role) -> QuerySet[Claim]:
    """Earlier holders' hand-offs on this role, newest first (only claims that left one)."""
    return (
        Claim.objects.filter(role=role).exclude(status=Claim.Status.ACTIVE)
        .exclude(handoff_note="", handoff_open="", handoff_ask="")
        .select_related("volunteer")
        .annotate(left_at=Coalesce("ended_at", "completed_at", "claimed_at"))
        .order_by("-left_at", "-id")[:20]
    )


def seat_after_expiry(claim: Claim) -> str:
    """Where the seat of an expired claim is now: "offered" to someone, "open", or "full"."""
    if WaitlistEntry.objects.filter(role_id=claim.role_id, status=WaitlistEntry.Status.OFFERED,
                                    offered_at__gte=claim.ended_at).exists():
        return "offered"
    role = Role.objects.with_seats().get(pk=claim.role_id)
    return "open" if role.seats_free > 0 else "full"
