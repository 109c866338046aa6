"""The waitlist: a freed seat is held `limits.OFFER_HOLD` for the first person waiting.

A seat offer is a WaitlistEntry in status OFFERED; it holds its seat in the seat counter
(`seat_counter.offer`, `Role.seats_offered`) until it is accepted (a claim:
`claims.waitlist_offer_accept`), declined, or swept as lapsed once `offer_expires_at` has
passed (`waitlist_lapse_offers`, or `lapse_role_offers` when a claim finds the role full).
Offers of a role change only under its row lock (`seats.lock_role`), taken before the
entry's: one lock order, role → entry, for every writer.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import AlreadyHeld, InvalidState, NotAllowed, RoleFull
from people.models import User
from roles import limits
from roles.models import Claim, Role, WaitlistEntry
from roles.services import apprentices, seat_counter, seats
from roles.signals import seat_offered


@transaction.atomic
def waitlist_join(*, role: Role, volunteer: User) -> WaitlistEntry:
    """Queue for a full role; the first person waiting is offered the next seat that frees."""
    role = seats.lock_open_role(role, volunteer)
    if Claim.objects.filter(role=role, volunteer=volunteer, status=Claim.Status.ACTIVE).exists():
        raise AlreadyHeld(gettext("You already hold this role."))
    if WaitlistEntry.objects.filter(role=role, volunteer=volunteer,
                                    status__in=WaitlistEntry.OPEN).exists():
        raise AlreadyHeld(gettext("You are on the waitlist for this role already."))
    if seats.seats_free(role) > 0:
        raise InvalidState(gettext("This role has a free seat: claim it instead of waiting."))
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(
                role=role, volunteer=volunteer, organization_id=role.organization_id
            )
    except IntegrityError:
        raise AlreadyHeld(gettext("You are on the waitlist for this role already.")) from None


@transaction.atomic
def waitlist_offer_next(*, role: Role) -> list[WaitlistEntry]:
    """Offer every free seat of the role: first to its apprentices (oldest apprenticeship
    first, once per apprenticeship), then to the people waiting, in the order they joined.

    Runs in the transaction that freed the seat, under the role's row lock, so an offered
    seat counts as taken for everybody else from the moment it exists. The e-mail goes
    out after commit (see roles.receivers).
    """
    role = seats.lock_role(role)
    if not role.takes_claims:
        return []
    free = seats.seats_free(role)
    if free <= 0:
        return []
    offered = [seat_offer(role=role, volunteer=claim.volunteer,
                          via=WaitlistEntry.Via.APPRENTICE)
               for claim in apprentices.apprentices_to_offer(role, free)]
    free -= len(offered)
    if free <= 0:
        return offered
    entries = list(
        WaitlistEntry.objects.select_for_update()
        .filter(role=role, status=WaitlistEntry.Status.WAITING).order_by("created_at", "id")[:free]
    )
    for entry in entries:
        _mark_offered(entry)
    return offered + entries


def _mark_offered(entry: WaitlistEntry, hold: dt.timedelta = limits.OFFER_HOLD) -> WaitlistEntry:
    now = timezone.now()
    if entry.status == WaitlistEntry.Status.OFFERED:  # offered again: it holds its seat already
        Role.objects.filter(pk=entry.role_id).touch()
    elif not seat_counter.offer(entry.role_id):  # the caller saw a free seat under the lock
        raise RoleFull(gettext("This role has no free seat to offer."))
    entry.status = WaitlistEntry.Status.OFFERED
    entry.offered_at, entry.offer_expires_at = now, now + hold
    entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
    seat_offered.send(sender=WaitlistEntry, entry_id=entry.pk)
    return entry


def seat_offer(*, role: Role, volunteer: User, via: str,
               hold: dt.timedelta = limits.OFFER_HOLD) -> WaitlistEntry:
    """Hold one seat of the role for a named person (an apprentice, a proposal's author).

    Call it with the role row locked and a seat known to be free. The offer is an ordinary
    waitlist entry in status OFFERED (`via` says why), so accepting, declining, lapsing and
    the e-mail work exactly as for the queue; an open entry of the person is reused.
    """
    entry = WaitlistEntry.objects.select_for_update().filter(
        role=role, volunteer=volunteer, status__in=WaitlistEntry.OPEN
    ).first() or WaitlistEntry(role=role, volunteer=volunteer,
                               organization_id=role.organization_id)
    entry.via = via
    if entry.pk:
        entry.save(update_fields=["via"])
    else:
        entry.save()
    return _mark_offered(entry, hold)


@transaction.atomic
def waitlist_leave(*, entry: WaitlistEntry, volunteer: User) -> WaitlistEntry:
    """Leave the queue or decline an offer; a declined seat goes to the next person."""
    entry = WaitlistEntry.objects.select_related("role").get(pk=entry.pk)
    if entry.volunteer_id != volunteer.pk:
        raise NotAllowed(gettext("Only the person on the waitlist can do that."))
    seats.lock_role(entry.role)  # role → entry, like every writer of the role's offers
    entry = WaitlistEntry.objects.select_for_update().select_related("role").get(pk=entry.pk)
    if entry.status not in WaitlistEntry.OPEN:
        raise InvalidState(gettext("You are not waiting for this role any more."))
    was_offered = entry.status == WaitlistEntry.Status.OFFERED
    entry.status = WaitlistEntry.Status.CANCELLED
    entry.save(update_fields=["status"])
    if was_offered:
        seat_counter.offer_ended(entry.role_id)  # the held seat is free again
        waitlist_offer_next(role=entry.role)
    return entry


def lapse_role_offers(role: Role) -> int:
    """Sweep the role's offers whose hold has passed (their seats free in the counter);
    returns how many. Locks the role only when there is one; the caller owns the
    transaction and offers the freed seats on (or takes one: `claims.claim_role`)."""
    due = WaitlistEntry.objects.filter(role_id=role.pk, status=WaitlistEntry.Status.OFFERED,
                                       offer_expires_at__lte=timezone.now())
    if not due.exists():
        return 0
    seats.lock_role(role)
    lapsed = due.update(status=WaitlistEntry.Status.LAPSED)
    seat_counter.offer_ended(role.pk, lapsed)
    return lapsed


def waitlist_lapse_offers() -> int:
    """Offers unanswered past their hold lapse and pass to the next person. Idempotent."""
    lapsed = 0
    due = WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=timezone.now()
    ).values_list("role_id", flat=True).distinct()
    for role_id in list(due):
        with transaction.atomic():
            role = Role(pk=role_id)
            swept = lapse_role_offers(role)
            if swept:
                lapsed += swept
                waitlist_offer_next(role=role)
    return lapsed
