"""Turn changes into webhook events without the roles app knowing about webhooks.

Claims: every status change goes through roles.services, which sends
`roles.signals.claim_changed` in the same transaction.
Milestones: the roll-up writes InitiativeProgress; each save checks which of 25/50/75/100 %
the initiative has reached. Deliveries are unique per occurrence, so repeats send nothing.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from dashboards.models import InitiativeProgress
from roles.api.serializers import ClaimSerializer
from roles.models import Claim
from roles.signals import claim_changed
from webhooks import services, tasks
from webhooks.models import Event, WebhookEndpoint
from webhooks.signals import delivery_queued

CLAIM_EVENTS = {Claim.Status.COMPLETED: Event.CLAIM_COMPLETED,
                Claim.Status.VERIFIED: Event.CLAIM_VERIFIED}
MILESTONES = (25, 50, 75, 100)


def _wanted(organization_id: int) -> bool:
    # One cheap query keeps the common case (no endpoints) free of payload work.
    return WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True).exists()


def _claim_data(claim_id: int) -> dict:
    claim = Claim.objects.select_related("role__initiative", "volunteer").get(pk=claim_id)
    return {"claim": ClaimSerializer(claim).data}


@receiver(claim_changed)
def claim_changed_event(sender, *, claim_id: int, organization_id: int, status: str,
                        created: bool, **kwargs) -> None:
    event = Event.ROLE_CLAIMED if created else CLAIM_EVENTS.get(status)
    if event is None or not _wanted(organization_id):
        return
    services.webhook_event_emit(
        organization_id=organization_id, event=event,
        event_key=f"claim:{claim_id}:{event}", data=_claim_data(claim_id))


@receiver(post_save, sender=InitiativeProgress)
def progress_saved(sender, instance: InitiativeProgress, **kwargs) -> None:
    initiative = instance.initiative
    if not _wanted(initiative.organization_id):
        return
    reached = [m for m in MILESTONES if instance.percent >= m]
    for milestone in reached:
        services.webhook_event_emit(
            organization_id=initiative.organization_id, event=Event.MILESTONE_REACHED,
            event_key=f"initiative:{initiative.pk}:milestone:{milestone}",
            data={"initiative": {"slug": initiative.slug, "name": initiative.name},
                  "milestone_percent": milestone, "goal_label": initiative.goal_label,
                  "goal_target": initiative.goal_target,
                  "micro_improvements": instance.micro_improvements})


@receiver(delivery_queued)
def send_after_commit(sender, *, delivery_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.deliver_webhook, delivery_id)
