"""Rotation: terms (when they end, renewing them, the reminder) and the signed "I'm still on
it" link. Handing over at the end of a term is `claims.claim_hand_over`.

Rules only; views, tasks and e-mails call these. Past a term's end nothing is taken away:
the holder keeps the seat until they renew or hand over, and only the stale-claim expiry
(no contribution for the role's stale_after_days) ever ends a claim without them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from crowddo.errors import InvalidState, LinkExpired, LinkInvalid
from people.models import User
from roles.models import Claim, Role
from roles.services.common import own_claim_for_update
from roles.signals import term_ending

TERM_REMINDER_BEFORE = dt.timedelta(days=7)
RENEW_SALT = "roles.renew-link"


def term_end(role: Role, start: dt.datetime | None = None) -> dt.datetime | None:
    """End of a term that starts now (or at `start`); None for a role without a term."""
    if not role.term_weeks:
        return None
    return (start or timezone.now()) + dt.timedelta(weeks=role.term_weeks)


def term_choice_open(claim: Claim, now: dt.datetime | None = None) -> bool:
    """The holder may renew from a week before the term ends (and any time after)."""
    if claim.term_ends_at is None or claim.status != Claim.Status.ACTIVE:
        return False
    return claim.term_ends_at - TERM_REMINDER_BEFORE <= (now or timezone.now())


@transaction.atomic
def claim_renew_term(*, claim: Claim, volunteer: User) -> Claim:
    """Serve one more term: the end moves by term_weeks (from now if it has passed)."""
    claim = own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE)
    if claim.term_ends_at is None or not claim.role.term_weeks:
        raise InvalidState(gettext("This role has no term to renew."))
    now = timezone.now()
    if not term_choice_open(claim, now):
        opens = timezone.localtime(claim.term_ends_at - TERM_REMINDER_BEFORE)
        raise InvalidState(gettext("You can renew in the last week of your term, from %(day)s.")
                           % {"day": date_format(opens, "d F Y")})
    claim.term_ends_at = term_end(claim.role, start=max(claim.term_ends_at, now))
    claim.renewed_at, claim.term_reminded_at = now, None
    # Choosing to stay is activity, as with the renew link: the stale clock restarts.
    claim.last_activity_at, claim.reminded_at = now, None
    claim.save(update_fields=["term_ends_at", "renewed_at", "term_reminded_at",
                              "last_activity_at", "reminded_at"])
    return claim


@transaction.atomic
def claim_term_remind(*, claim: Claim) -> bool:
    """Mark the term reminded and e-mail the holder after commit. False if done already."""
    updated = Claim.objects.filter(
        pk=claim.pk, status=Claim.Status.ACTIVE, term_reminded_at__isnull=True,
        term_ends_at__isnull=False,
    ).update(term_reminded_at=timezone.now())
    if updated:
        term_ending.send(sender=Claim, claim_id=claim.pk)
    return bool(updated)


def claims_remind_terms() -> int:
    """Ask every holder whose term ends within a week: renew or hand over. Safe to run twice."""
    due = Claim.objects.filter(
        status=Claim.Status.ACTIVE, term_reminded_at__isnull=True,
        term_ends_at__lte=timezone.now() + TERM_REMINDER_BEFORE,
    ).only("pk")
    return sum(claim_term_remind(claim=c) for c in due)


# --- The signed renew link in the stale reminder -------------------------------------------


def renew_token(claim: Claim) -> str:
    """A link token bound to the claim, its holder and the reminder it was issued for."""
    if claim.reminded_at is None:
        raise InvalidState(gettext("A renew link is issued only with a reminder."))
    payload = {"c": claim.pk, "v": claim.volunteer_id, "r": claim.reminded_at.isoformat()}
    return signing.dumps(payload, salt=RENEW_SALT, compress=True)


def _max_age() -> dt.timedelta:
    return dt.timedelta(days=settings.RENEW_LINK_MAX_AGE_DAYS)


def claim_for_token(token: str) -> Claim:
    """The claim a renew link may renew now, or LinkInvalid / LinkExpired saying why not."""
    try:
        data = signing.loads(token, salt=RENEW_SALT, max_age=_max_age())
        claim_id, volunteer_id, reminded = int(data["c"]), int(data["v"]), str(data["r"])
    except signing.SignatureExpired:
        raise LinkExpired(_EXPIRED) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalid(gettext("This link is not valid: it may have been cut or changed. "
                          "Open My roles to see your roles.")) from None
    claim = Claim.objects.select_related("role").filter(pk=claim_id).first()
    # The link renews only the claim it was issued for, held by the person it was sent to.
    if claim is None or claim.volunteer_id != volunteer_id:
        raise LinkInvalid(gettext("This link does not match any of your roles. "
                          "Open My roles to see your roles."))
    if claim.status != Claim.Status.ACTIVE:
        raise LinkExpired(_EXPIRED)
    if claim.reminded_at is None:
        raise LinkExpired(gettext("This link was used already (or you logged work since): your "
                                  "role "
                          "is renewed and nothing more is needed."))
    if claim.reminded_at.isoformat() != reminded:  # a newer reminder replaced this one
        raise LinkExpired(gettext("This link is from an earlier reminder. Use the link in the "
                                  "latest "
                          "reminder, or open My roles and log what you did."))
    stale_at = claim.last_activity_at + dt.timedelta(days=claim.role.stale_after_days)
    if timezone.now() >= stale_at:
        raise LinkExpired(_EXPIRED)
    return claim


_EXPIRED = ("This link has expired: the role was freed, or the time to renew it has passed. "
            "If a seat is open you can claim the role again from its page.")


@transaction.atomic
def claim_renew_from_link(*, token: str) -> Claim:
    """"I'm still on it": renew the claim named by a valid, unused link, without logging in."""
    claim = claim_for_token(token)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status != claim.status or locked.reminded_at != claim.reminded_at:
        raise LinkExpired(gettext("This link was used already: nothing more is needed."))
    locked.last_activity_at, locked.reminded_at = timezone.now(), None
    locked.save(update_fields=["last_activity_at", "reminded_at"])
    locked.role = claim.role
    return locked
