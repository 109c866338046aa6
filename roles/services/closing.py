"""An initiative closes: its roles close with it (called from `roles.receivers` on
`initiatives.signals.initiative_closed`)."""

from __future__ import annotations

from roles.models import Claim, Role, WaitlistEntry
from roles.services import seat_counter
from roles.services.common import send_claim_changed
from roles.signals import progress_changed


def initiative_roles_close(*, initiative_id: int, organization_id: int, closed_at) -> None:
    """Inside the closing transaction (initiative row locked, then its roles): the roles
    close, active claims become completed (nothing is erased; peers may still verify them)
    and open waitlist entries and seat offers are cancelled."""
    roles = Role.objects.select_for_update().filter(initiative_id=initiative_id)
    role_ids = list(roles.values_list("pk", flat=True))
    Role.objects.filter(pk__in=role_ids).exclude(status=Role.Status.CLOSED).update(
        status=Role.Status.CLOSED, updated_at=closed_at)
    active = list(Claim.objects.filter(role_id__in=role_ids, status=Claim.Status.ACTIVE))
    Claim.objects.filter(pk__in=[claim.pk for claim in active]).update(
        status=Claim.Status.COMPLETED, completed_at=closed_at)
    for claim in active:  # webhooks hear of every claim the closing completed
        claim.status, claim.completed_at = Claim.Status.COMPLETED, closed_at
        send_claim_changed(claim, touch=False)
    WaitlistEntry.objects.filter(role_id__in=role_ids, status__in=WaitlistEntry.OPEN).update(
        status=WaitlistEntry.Status.CANCELLED)
    seat_counter.close(role_ids)  # no claim active, no offer open: the counter is 0
    progress_changed.send(sender=Role, organization_id=organization_id,
                          initiative_id=initiative_id)
