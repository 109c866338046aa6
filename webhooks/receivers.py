"""Turn changes into webhook events without the roles app knowing about webhooks.

Claims: every status change goes through roles.services, which saves the Claim (create,
or save with `status` in update_fields), so post_save sees exactly those changes.
Milestones: the roll-up writes InitiativeProgress; each save checks which of 25/50/75/100 %
the initiative has reached. Deliveries are unique per occurrence, so repeats send nothing.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from dashboards.models import InitiativeProgress
from roles.models import Claim
from webhooks import services, tasks
from webhooks.models import Event, WebhookEndpoint
from webhooks.signals import delivery_queued

CLAIM_EVENTS = {Claim.Status.COMPLETED: Event.CLAIM_COMPLETED,
                Claim.Status.VERIFIED: Event.CLAIM_VERIFIED}
MILESTONES = (25, 50, 75, 100)


def _wanted(organization_id: int) -> bool:
    # One cheap query keeps the common case (no endpoints) free of payload work.
    return WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True).exists()


def _claim_data(claim: Claim) -> dict:
    from roles.serializers import ClaimSerializer

    claim = Claim.objects.select_related("role__initiative", "volunteer").get(pk=claim.pk)
    return {"claim": ClaimSerializer(claim).data}


@receiver(post_save, sender=Claim)
def claim_saved(sender, instance: Claim, created: bool, update_fields=None, **kwargs) -> None:
    if created:
        event = Event.ROLE_CLAIMED
    elif update_fields and "status" in update_fields and instance.status in CLAIM_EVENTS:
        event = CLAIM_EVENTS[instance.status]
    else:
        return
    if not _wanted(instance.organization_id):
        return
    services.webhook_event_emit(
        organization_id=instance.organization_id, event=event,
        event_key=f"claim:{instance.pk}:{event}", data=_claim_data(instance))


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
