"""Apprentice seats: the rules `claims.claim_role` and `waitlist.waitlist_offer_next` apply.

A role may offer `apprentice_seats` beside its regular `seats`. A newcomer (someone who never
held a regular seat of the role, in any status) takes one and is paired with a mentor chosen
here; apprentice claims never count against regular seats. When a regular seat frees, the
role's apprentices are offered it before the waitlist (see `apprentices_to_offer`).

Every function reads only; callers hold the profile → role row locks and own the transaction.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from crowddo.errors import AlreadyHeld, RoleFull
from people.models import User
from roles.models import Claim, Role, WaitlistEntry

ACTIVE = Claim.Status.ACTIVE
REGULAR = Claim.Kind.REGULAR
APPRENTICE = Claim.Kind.APPRENTICE
PAST = (Claim.Status.COMPLETED, Claim.Status.VERIFIED)


def regular_claims(**filters) -> QuerySet[Claim]:
    return Claim.objects.filter(kind=REGULAR, **filters)


def check_apprentice_seat(role: Role, volunteer: User) -> None:
    """Refuse with a message the person can act on, or return quietly."""
    if role.apprentice_seats <= 0:
        raise RoleFull(gettext("This role has no apprentice seats."))
    mine = Claim.objects.filter(role=role, volunteer=volunteer)
    if mine.filter(status=ACTIVE).exists():
        raise AlreadyHeld(gettext("You already hold this role."))
    if mine.filter(kind=REGULAR).exists():
        raise AlreadyHeld(gettext("You have held this role before: apprentice seats are for "
                                  "newcomers. "
                          "Claim a regular seat or join the waitlist instead."))
    taken = Claim.objects.filter(role=role, kind=APPRENTICE, status=ACTIVE).count()
    if taken >= role.apprentice_seats:
        raise RoleFull(gettext("All apprentice seats of this role are taken. "
                       "You can join the waitlist for a regular seat."))


def choose_mentor(role: Role, volunteer: User) -> User | None:
    """A current regular holder with the fewest active apprentices (oldest claim first on a
    tie); else the most recent past holder who is still an active user; else the role's
    coordinator. Never the apprentice themselves, and for a role that is not open data only
    members of its organization; None when there is nobody."""
    people = User.objects.filter(is_active=True).exclude(pk=volunteer.pk)
    if not role.is_open_data:
        # The mentor reads the apprentice's work (verification queue, /me/): for a role that
        # is not open data, only people still in its organization.
        people = people.filter(memberships__organization_id=role.organization_id)
    current = (people.filter(claims__role=role, claims__kind=REGULAR, claims__status=ACTIVE)
               .annotate(load=Count("apprenticeships",
                                    filter=Q(apprenticeships__status=ACTIVE), distinct=True))
               .order_by("load", "claims__claimed_at", "pk").first())
    if current:
        return current
    past = (regular_claims(role=role, status__in=PAST, volunteer__in=people)
            .select_related("volunteer").order_by("-completed_at", "-pk").first())
    if past:
        return past.volunteer
    if role.coordinator_id and people.filter(pk=role.coordinator_id).exists():
        return role.coordinator
    return None


def apprentices_to_offer(role: Role, limit: int) -> list[Claim]:
    """The role's active apprentices, oldest apprenticeship first, who have not yet been
    offered a regular seat during this apprenticeship (a declined or lapsed offer is not
    repeated: the seat goes on to the next apprentice, then the waitlist)."""
    if limit <= 0:
        return []
    offered = WaitlistEntry.objects.filter(
        role=role, volunteer=OuterRef("volunteer"), via=WaitlistEntry.Via.APPRENTICE,
        offered_at__gte=OuterRef("claimed_at"),
    )
    return list(Claim.objects.filter(role=role, kind=APPRENTICE, status=ACTIVE)
                .exclude(Exists(offered)).select_related("volunteer")
                .order_by("claimed_at", "pk")[:limit])

