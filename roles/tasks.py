"""Celery tasks of the volunteer side: thin, idempotent, calling services or sending mail."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from people import access
from people import services as people_services
from people.mail import send_templated
from people.models import Organization, User
from roles import selectors, services
from roles.models import Claim, Contribution, InitiativeProposal, Verification, WaitlistEntry
from roles.services import rotation, seat_counter

logger = logging.getLogger(__name__)


def _mail(template: str, context: dict, to: User) -> None:
    """One e-mail to one person, in their language (people.mail)."""
    send_templated(f"emails/{template}", {**context, "SITE_URL": settings.SITE_URL}, [to])


@shared_task(acks_late=True)
def send_seat_offer(entry_id: int) -> bool:
    """E-mail a seat offer. Sends nothing if the offer was answered or has lapsed meanwhile."""
    entry = WaitlistEntry.objects.select_related("role__initiative", "volunteer").filter(
        pk=entry_id, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=timezone.now()
    ).first()
    if entry is None:
        return False
    _mail("seat_offer", {"entry": entry, "role": entry.role}, entry.volunteer)
    return True


@shared_task(acks_late=True)
def send_stale_reminder(claim_id: int) -> bool:
    claim = Claim.objects.select_related("role__initiative", "volunteer").filter(
        pk=claim_id, status=Claim.Status.ACTIVE
    ).first()
    if claim is None:
        return False
    days = claim.role.stale_after_days
    expires = claim.last_activity_at + timezone.timedelta(days=days)
    renew_url = (f"{settings.SITE_URL}/claims/renew/{rotation.renew_token(claim)}/"
                 if claim.reminded_at else None)
    _mail("stale_reminder", {"claim": claim, "role": claim.role, "expires": expires,
                             "renew_url": renew_url}, claim.volunteer)
    return True


@shared_task(acks_late=True)
def send_release_notice(claim_id: int, reason: str) -> bool:
    """Tell the holder an orchestrator released their claim, and why."""
    claim = Claim.objects.select_related("role__initiative", "volunteer").filter(
        pk=claim_id, status=Claim.Status.RELEASED).first()
    if claim is None:
        return False
    _mail("claim_released", {"claim": claim, "role": claim.role, "reason": reason},
          claim.volunteer)
    return True


@shared_task(acks_late=True)
def send_orchestrator_message(user_ids: list[int], subject: str, body: str,
                              organization_id: int) -> int:
    """One e-mail per person, each with their own opt-out link; people who opted out since
    the message was queued are skipped."""
    organization = Organization.objects.filter(pk=organization_id).first()
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True, wants_messages=True):
        stop = f"{settings.SITE_URL}/messages/stop/{people_services.messages_opt_out_token(user)}/"
        _mail("orchestrator_message", {"subject": subject, "body": body, "stop_url": stop,
                                       "organization": organization}, user)
        sent += 1
    return sent


@shared_task(acks_late=True)
def send_initiative_proposal_notice(proposal_id: int) -> int:
    """Tell the organization's orchestrators (who still want messages) that a volunteer
    proposed an initiative, with the link to decide. Nothing once it was decided."""
    proposal = InitiativeProposal.objects.select_related("organization", "author").filter(
        pk=proposal_id, status=InitiativeProposal.Status.PENDING).first()
    if proposal is None:
        return 0
    sent = 0
    for user in access.managers_of(proposal.organization_id).filter(wants_messages=True):
        _mail("initiative_proposal", {"proposal": proposal,
                                      "organization": proposal.organization}, user)
        sent += 1
    return sent


@shared_task(acks_late=True)
def send_contribution_sent_back(contribution_id: int) -> bool:
    """Tell the contributor what needs to change. Nothing if they have resubmitted meanwhile."""
    contribution = Contribution.objects.select_related(
        "claim__role__initiative", "claim__volunteer"
    ).filter(pk=contribution_id, status=Contribution.Status.SENT_BACK).first()
    if contribution is None:
        return False
    verdict = Verification.objects.select_related("verifier").filter(
        contribution=contribution, outcome=Verification.Outcome.SENT_BACK
    ).last()
    _mail("contribution_sent_back", {"contribution": contribution, "verdict": verdict,
                                     "role": contribution.claim.role},
          contribution.claim.volunteer)
    return True


@shared_task(acks_late=True)
def send_expiry_notice(claim_id: int) -> bool:
    """Tell the person their claim expired, where the seat went and how to claim again."""
    claim = Claim.objects.select_related("role__initiative", "volunteer").filter(
        pk=claim_id, status=Claim.Status.EXPIRED
    ).first()
    if claim is None:
        return False
    _mail("claim_expired", {"claim": claim, "role": claim.role,
                            "seat": selectors.seat_after_expiry(claim)}, claim.volunteer)
    return True


@shared_task(acks_late=True)
def send_term_reminder(claim_id: int) -> bool:
    """Ask the holder to renew or hand over. Nothing if the claim ended or was renewed since."""
    claim = Claim.objects.select_related("role__initiative", "volunteer").filter(
        pk=claim_id, status=Claim.Status.ACTIVE, term_reminded_at__isnull=False
    ).first()
    if claim is None:
        return False
    _mail("term_ending", {"claim": claim, "role": claim.role}, claim.volunteer)
    return True


@shared_task(acks_late=True)
def remind_terms() -> int:
    return rotation.claims_remind_terms()


@shared_task(acks_late=True)
def sweep_stale_claims() -> dict[str, int]:
    return services.claims_sweep_stale()


@shared_task(acks_late=True)
def lapse_waitlist_offers() -> int:
    return services.waitlist_lapse_offers()


@shared_task(acks_late=True)
def reconcile_seats() -> int:
    """Prove the seat counter equals the active claims and open offers; report drift (an
    error in the log per role: a bug to find). `manage.py seats_reconcile --fix` repairs."""
    drifted = seat_counter.reconcile()
    for row in drifted:
        logger.error("seat counter drift on role %(id)s: seats_taken %(seats_taken)s, active "
                     "claims %(taken)s; seats_offered %(seats_offered)s, offers %(offered)s", row)
    return len(drifted)
