"""Turn roles' signals into e-mail tasks, sent only after the transaction commits; close an
initiative's roles when it closes."""

from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from initiatives.signals import initiative_closed, initiative_published
from roles import services, tasks
from roles.services import initiative_proposals
from roles.signals import (
    claim_expired,
    claim_released_by_manager,
    claim_reminded,
    contribution_sent_back,
    initiative_proposed,
    people_messaged,
    seat_offered,
    term_ending,
)


@receiver(seat_offered)
def mail_seat_offer(sender, *, entry_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.send_seat_offer, entry_id)


@receiver(claim_reminded)
def mail_stale_reminder(sender, *, claim_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.send_stale_reminder, claim_id)


@receiver(claim_released_by_manager)
def mail_release_notice(sender, *, claim_id: int, reason: str, **kwargs) -> None:
    enqueue_on_commit(tasks.send_release_notice, claim_id, reason)


@receiver(people_messaged)
def mail_orchestrator_message(sender, *, user_ids, subject: str, body: str,
                              organization_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.send_orchestrator_message, list(user_ids), subject, body,
                      organization_id)


@receiver(contribution_sent_back)
def mail_sent_back(sender, *, contribution_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.send_contribution_sent_back, contribution_id)


@receiver(claim_expired)
def mail_expiry_notice(sender, *, claim_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.send_expiry_notice, claim_id)


@receiver(term_ending)
def mail_term_reminder(sender, *, claim_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.send_term_reminder, claim_id)


@receiver(initiative_proposed)
def mail_initiative_proposal(sender, *, proposal_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.send_initiative_proposal_notice, proposal_id)


@receiver(initiative_closed)
def close_roles_of_initiative(sender, *, initiative_id: int, organization_id: int, closed_at,
                              **kwargs) -> None:
    services.initiative_roles_close(initiative_id=initiative_id,
                                    organization_id=organization_id, closed_at=closed_at)


@receiver(initiative_published)
def offer_proposers_their_lead_seat(sender, *, initiative_id: int, **kwargs) -> None:
    """An initiative accepted from a volunteer's proposal went live: its author is offered
    the lead role's first seat (roles.services.initiative_proposals)."""
    initiative_proposals.offer_lead_seats(initiative_id)
