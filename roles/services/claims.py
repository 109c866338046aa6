"""Claims: taking a seat (or the seat offered to you), giving it back, completing the work,
handing over at the end of a term, and the stale-claim sweep (remind, then expire).

Each write runs in one transaction and raises a `crowddo.errors.DomainError` whose message
a person can act on; a freed seat is offered on at once (`waitlist.waitlist_offer_next`).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import (
    AlreadyHeld,
    Invalid,
    InvalidState,
    NoMentor,
    NotAllowed,
    RoleFull,
    RoleNotOpen,
)
from people import access
from people.audit import audit_record
from people.models import AuditEvent, User, VolunteerProfile
from roles import limits
from roles.models import Claim, Role, WaitlistEntry
from roles.selectors.attention import past_stale_fraction
from roles.services import apprentices, seat_counter, seats
from roles.services.claim_insert import insert_claim
from roles.services.common import (
    check_note,
    each,
    in_status,
    own_claim_for_update,
    reject_nul,
    send_claim_changed,
    send_progress,
)
from roles.services.rotation import term_end
from roles.services.waitlist import lapse_role_offers, waitlist_offer_next
from roles.signals import (
    claim_changed,
    claim_expired,
    claim_released_by_manager,
    claim_reminded,
)

REMIND_AT_FRACTION = limits.STALE_WARNING_FRACTION  # of a role's stale_after_days
HANDOFF_FIELDS = ("handoff_note", "handoff_open", "handoff_ask")


@transaction.atomic
def claim_role(*, role: Role, volunteer: User, kind: str = Claim.Kind.REGULAR) -> Claim:
    """Give the volunteer one seat of the role, or raise a DomainError saying why not.

    `kind=APPRENTICE` takes an apprentice seat instead (rules in `apprentices`). An
    active apprentice who claims a regular seat (or accepts one offered to them) ends the
    apprenticeship as completed — their mentor can then verify it — and holds the seat.

    Locking: a row lock on the volunteer's profile (the burnout guard across roles: every
    claim of one person queues there), then the checks and the insert, and only then the
    seat counter's conditional UPDATE of the role row (`seat_counter.take`) as the last
    statement: the role row is locked from that UPDATE to the commit, nothing else. When
    no seat is left the UPDATE changes no row and the whole transaction (insert, history,
    webhook rows) rolls back. The partial unique index on active claims and the counter's
    CHECK constraint are the last lines of defence. A seat offered to this volunteer is
    taken under the role lock (`lock_role`: offers of a role change only under it), so it
    cannot lapse or pass on while it is being accepted. Locks are always taken in the order
    profile → role → waitlist entry, so two claims cannot deadlock.
    """
    profile = seats.lock_profile(volunteer)
    if kind == Claim.Kind.APPRENTICE:
        return _claim_apprentice_seat(seats.lock_open_role(role, volunteer), volunteer, profile)
    role, now = seats.read_for_claim(role, volunteer)
    swept = 0
    if now["mine"]:
        raise AlreadyHeld(gettext("You already hold this role."))
    if now["entry"] == WaitlistEntry.Status.OFFERED:
        # Offers of the role change only under its lock: take it, then look again. A lapsed
        # offer is swept first (it is no longer theirs; its seat is free for anyone).
        role = seats.lock_open_role(role, volunteer)
        swept = lapse_role_offers(role)
        now = seats.holdings(role, volunteer)
    offered = now["entry"] == WaitlistEntry.Status.OFFERED
    if not offered and role.seats_taken + role.seats_offered - swept >= role.seats:
        swept += lapse_role_offers(role)
        if not swept:
            raise _full(now)
    # An apprentice moving up already promised this role's hours: do not count them twice.
    held = now["held"] - (role.hours_per_week if now["apprentice"] else 0)
    seats.check_capacity(profile, held, role)
    if now["apprentice"]:  # saved, not updated: the claim's history records the step up
        learning = Claim.objects.get(role=role, volunteer=volunteer, status=Claim.Status.ACTIVE,
                                     kind=Claim.Kind.APPRENTICE)
        learning.status, learning.completed_at = Claim.Status.COMPLETED, timezone.now()
        learning.save(update_fields=["status", "completed_at"])
        send_claim_changed(learning, touch=False)  # the counter's UPDATE moves updated_at
    try:  # the claim and its history row, one statement
        claim = insert_claim(role=role, volunteer=volunteer,
                             organization_id=role.organization_id, term_ends_at=term_end(role))
    except IntegrityError:  # the partial unique index is the last line of defence
        raise AlreadyHeld(gettext("You already hold this role.")) from None
    send_claim_changed(claim, created=True, touch=False)
    send_progress(role)
    # The locked section: the counter's UPDATE, then the commit.
    if offered:
        taken = seat_counter.take_offered(role.pk)
    else:
        taken = seat_counter.take(role.pk)
        if not taken:  # lost the race for the last seat, or only lapsed offers hold them
            more = lapse_role_offers(role)
            swept += more
            taken = more > 0 and seat_counter.take(role.pk)
    if not taken:
        if not Role.objects.filter(pk=role.pk, status=Role.Status.OPEN).exists():
            raise RoleNotOpen(gettext(seats.NOT_OPEN))
        raise _full(now)
    if now["entry"] is not None:
        _entry_used(role, volunteer, seat_was_offered=offered)
    if swept:  # seats freed by lapsed offers beyond this claim's go to the waitlist
        waitlist_offer_next(role=role)
    return claim


def _full(now: dict) -> RoleFull:
    if now["apprentice"]:
        return RoleFull(gettext("All regular seats are taken. As this role's apprentice you "
                                "are offered the next seat that frees, before the waitlist."))
    return RoleFull(gettext("This role is full: all its seats are taken. You can join the "
                            "waitlist."))


def _entry_used(role: Role, volunteer: User, *, seat_was_offered: bool) -> None:
    """The volunteer's open waitlist entry is used up by their claim (under the role lock,
    which the counter's UPDATE holds). If it was offered a seat after the claim looked
    (`seat_was_offered` False), that held seat frees and passes on."""
    entry = WaitlistEntry.objects.select_for_update().filter(
        role=role, volunteer=volunteer, status__in=WaitlistEntry.OPEN).first()
    if entry is None:
        return
    was_offer = entry.status == WaitlistEntry.Status.OFFERED
    entry.status = WaitlistEntry.Status.ACCEPTED
    entry.save(update_fields=["status"])
    if was_offer and not seat_was_offered:
        seat_counter.offer_ended(role.pk)
        waitlist_offer_next(role=role)


def _claim_apprentice_seat(role: Role, volunteer: User, profile: VolunteerProfile) -> Claim:
    """An apprentice seat, paired with a mentor; called by claim_role under its locks."""
    apprentices.check_apprentice_seat(role, volunteer)
    # An apprentice works the hours.
    seats.check_capacity(profile, seats.active_hours(volunteer), role)
    mentor = apprentices.choose_mentor(role, volunteer)
    if mentor is None:
        raise NoMentor(gettext("Nobody can mentor an apprentice in this role yet: it has no "
                               "current "
                       "or past holder and no coordinator. Ask the initiative's orchestrators."))
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                role=role, volunteer=volunteer, organization_id=role.organization_id,
                kind=Claim.Kind.APPRENTICE, mentor=mentor,
            )
    except IntegrityError:
        raise AlreadyHeld(gettext("You already hold this role.")) from None
    send_claim_changed(claim, created=True)
    send_progress(role)
    return claim


@transaction.atomic
def waitlist_offer_accept(*, entry: WaitlistEntry, volunteer: User) -> Claim:
    """Take the seat held for the volunteer. The burnout guard still applies.

    Here, not in `waitlist`: accepting an offer is a claim, and claims already depend on the
    waitlist (a freed seat is offered on). No lock on the entry: claim_role takes profile →
    role like every claim (one lock order, no deadlock) and, holding them, counts this
    volunteer's own offer as theirs.
    """
    entry = WaitlistEntry.objects.select_related("role").get(pk=entry.pk)
    if entry.volunteer_id != volunteer.pk:
        raise NotAllowed(gettext("Only the person on the waitlist can do that."))
    if entry.status != WaitlistEntry.Status.OFFERED or entry.offer_expires_at <= timezone.now():
        raise InvalidState(gettext("This offer is no longer open."))
    return claim_role(role=entry.role, volunteer=volunteer)


def _end(claim: Claim, status: str, stamp: str, note: str, still_open: str, ask: str) -> Claim:
    """The claim (locked, active) ends in `status` with its hand-off notes (what is done, what
    is open, whom to ask: what the next holder reads); the seat frees and is offered on."""
    reject_nul(note, still_open, ask)
    if (len(note) > limits.NOTE_MAX or len(still_open) > limits.NOTE_MAX
            or len(ask) > limits.ASK_MAX):
        raise Invalid(limits.HANDOFF_TOO_LONG)
    claim.handoff_note, claim.handoff_open, claim.handoff_ask = (
        note.strip(), still_open.strip(), ask.strip())
    claim.status = status
    setattr(claim, stamp, timezone.now())
    claim.save(update_fields=["status", stamp, *HANDOFF_FIELDS])
    send_claim_changed(claim, touch=False)
    send_progress(claim.role)
    _seat_freed(claim)
    return claim


def _seat_freed(claim: Claim) -> None:
    """An active claim ended: a regular seat frees in the counter and is offered on."""
    if claim.kind == Claim.Kind.REGULAR:
        seat_counter.free(claim.role_id)
    else:
        Role.objects.filter(pk=claim.role_id).touch()  # apprentice seats left changed
    waitlist_offer_next(role=claim.role)


@transaction.atomic
def claim_release(*, claim: Claim, volunteer: User, handoff_note: str = "",
                  handoff_open: str = "", handoff_ask: str = "") -> Claim:
    """The holder (or a manager of the organization) gives the seat back; it frees at once."""
    locked = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    if locked.volunteer_id != volunteer.pk:
        access.require_manager(volunteer, locked.organization_id)
    return _end(in_status(locked, Claim.Status.ACTIVE), Claim.Status.RELEASED, "ended_at",
                handoff_note, handoff_open, handoff_ask)


@transaction.atomic
def claim_complete(*, claim: Claim, volunteer: User, handoff_note: str = "",
                   handoff_open: str = "", handoff_ask: str = "") -> Claim:
    """The volunteer says the work is done; the seat frees and a peer may verify it."""
    claim = own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE)
    return _end(claim, Claim.Status.COMPLETED, "completed_at", handoff_note, handoff_open,
                handoff_ask)


@transaction.atomic
def claim_hand_over(*, claim: Claim, volunteer: User, handoff_note: str = "",
                    handoff_open: str = "", handoff_ask: str = "") -> Claim:
    """End the term: the claim completes with the hand-off notes and the seat is offered on
    (apprentices first, then the waitlist: `waitlist_offer_next`, called by claim_complete)."""
    locked = own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE)
    if locked.term_ends_at is None:
        raise InvalidState(gettext("This role has no term; use “Mark complete” or “Release” "
                                   "instead."))
    return claim_complete(claim=locked, volunteer=volunteer, handoff_note=handoff_note,
                          handoff_open=handoff_open, handoff_ask=handoff_ask)


@transaction.atomic
def claim_expire(*, claim: Claim) -> bool:
    """Expire an active claim (stale). Idempotent: returns False if it was not active."""
    updated = Claim.objects.filter(pk=claim.pk, status=Claim.Status.ACTIVE).update(
        status=Claim.Status.EXPIRED, ended_at=timezone.now()
    )
    if updated:
        claim_changed.send(sender=Claim, claim_id=claim.pk, organization_id=claim.organization_id,
                           status=Claim.Status.EXPIRED, created=False)
        send_progress(claim.role)
        _seat_freed(claim)
        claim_expired.send(sender=Claim, claim_id=claim.pk)  # the person is told, after commit
    return bool(updated)


# --- Stale claims: remind at 75 % of stale_after_days, expire at 100 % ------------------------


def _stale_claims(*, fraction: float):
    """Active claims without activity for `fraction` of their role's stale_after_days (the
    rule: roles.selectors.attention.past_stale_fraction)."""
    return past_stale_fraction(Claim.objects.all(), fraction).select_related("role")


@transaction.atomic
def claim_remind(*, claim: Claim) -> bool:
    """Mark the claim reminded and send the reminder after commit. False if done already."""
    updated = Claim.objects.filter(
        pk=claim.pk, status=Claim.Status.ACTIVE, reminded_at__isnull=True
    ).update(reminded_at=timezone.now())
    if updated:
        claim_reminded.send(sender=Claim, claim_id=claim.pk)
    return bool(updated)


def claims_sweep_stale() -> dict[str, int]:
    """Expire claims past stale_after_days, remind those past 75 % of it. Safe to run twice."""
    expired = sum(claim_expire(claim=c) for c in _stale_claims(fraction=1.0))
    reminded = sum(claim_remind(claim=c) for c in _stale_claims(fraction=REMIND_AT_FRACTION))
    return {"expired": expired, "reminded": reminded}


# --- The admin's bulk actions on claims -----------------------------------------------------


@transaction.atomic
def claims_release(*, claims: QuerySet, actor, reason: str = "") -> int:
    """A manager releases claims: the seats free at once (claim_release checks who), and each
    holder is e-mailed the reason (the admin asks for one).

    No hand-off note is written: the next holder reads notes as the holder's own words; the
    claim's history records who released it."""
    check_note(reason, gettext_noop("The reason"))
    reason = reason.strip()

    def release(claim):
        claim_release(claim=claim, volunteer=actor)
        audit_record(event_type=AuditEvent.Type.CLAIMS_RELEASED, actor=actor,
                     organization=claim.organization_id, details={"claim_id": claim.pk})
        if reason and claim.volunteer_id != getattr(actor, "pk", None):
            claim_released_by_manager.send(sender=Claim, claim_id=claim.pk, reason=reason)
    return each(claims, release)


@transaction.atomic
def claims_nudge(*, claims: QuerySet, actor) -> int:
    """A manager asks the holders of active claims now whether they are still on it: each gets
    the renew e-mail (the one-click link that keeps the role), as at the warning point."""
    nudged = 0
    for claim in claims.filter(status=Claim.Status.ACTIVE).order_by("pk"):
        access.require_manager(actor, claim.organization_id)
        Claim.objects.filter(pk=claim.pk).update(reminded_at=timezone.now())
        claim_reminded.send(sender=Claim, claim_id=claim.pk)
        audit_record(event_type=AuditEvent.Type.CLAIMS_NUDGED, actor=actor,
                     organization=claim.organization_id, details={"claim_id": claim.pk})
        nudged += 1
    return nudged


@transaction.atomic
def claims_expire(*, claims: QuerySet, actor) -> int:
    """Expire active claims; claims that are no longer active are left as they are."""
    expired = 0
    for claim in claims.select_related("role").order_by("pk"):
        access.require_manager(actor, claim.organization_id)
        if claim_expire(claim=claim):
            expired += 1
            audit_record(event_type=AuditEvent.Type.CLAIMS_EXPIRED, actor=actor,
                         organization=claim.organization_id, details={"claim_id": claim.pk})
    return expired
