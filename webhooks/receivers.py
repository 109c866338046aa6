"""Turn domain events into webhook events, without the lower apps knowing about webhooks.

Claims: every status change goes through roles.services, which sends
`roles.signals.claim_changed` in the same transaction.
Milestones: both roll-up paths (the incremental roll-up and the set-based reconciliation)
send `dashboards.signals.milestone_reached` when they record one; an initiative's goal marks
become `milestone.reached` events for its organization's endpoints.
Deliveries are unique per occurrence, so repeats send nothing; they go out after commit.
Whether an organization listens at all is cached (`webhooks.listening`): the common case,
no endpoint, costs a claim one cache read and no query.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from dashboards.models import InitiativeProgress, Milestone
from dashboards.signals import Reached, milestone_reached
from roles.api.serializers import ClaimSerializer
from roles.models import Claim
from roles.signals import claim_changed
from webhooks import listening, services, tasks
from webhooks.models import Event, WebhookEndpoint
from webhooks.signals import delivery_queued

CLAIM_EVENTS = {Claim.Status.COMPLETED: Event.CLAIM_COMPLETED,
                Claim.Status.VERIFIED: Event.CLAIM_VERIFIED}


def _claim_data(claim_id: int) -> dict:
    claim = Claim.objects.select_related("role__initiative", "volunteer").get(pk=claim_id)
    return {"claim": ClaimSerializer(claim).data}


@receiver(post_save, sender=WebhookEndpoint)
@receiver(post_delete, sender=WebhookEndpoint)
def endpoint_changed(sender, *, instance: WebhookEndpoint, **kwargs) -> None:
    listening.endpoints_changed(instance.organization_id)


@receiver(claim_changed)
def claim_changed_event(sender, *, claim_id: int, organization_id: int, status: str,
                        created: bool, **kwargs) -> None:
    event = Event.ROLE_CLAIMED if created else CLAIM_EVENTS.get(status)
    if event is None or not listening.organization_listens(organization_id):
        return
    services.webhook_event_emit(
        organization_id=organization_id, event=event,
        event_key=f"claim:{claim_id}:{event}", data=_claim_data(claim_id))


def _listening_organizations() -> set[int]:
    """Organizations with an active endpoint for milestones (one query)."""
    return {org for org, events in WebhookEndpoint.objects.filter(is_active=True)
            .values_list("organization_id", "events") if Event.MILESTONE_REACHED in events}


@receiver(milestone_reached)
def milestone_reached_events(sender, *, milestones: list[Reached], **kwargs) -> None:
    """An initiative reached one of its GOAL_MARKS: an event for its organization. At
    most two queries whatever the number of milestones, plus the deliveries themselves."""
    listening = _listening_organizations()
    goals = [m for m in milestones if m.kind == Milestone.Kind.GOAL
             and m.initiative_id is not None and m.organization_id in listening]
    if not goals:
        return
    progress = {p.initiative_id: p for p in InitiativeProgress.objects.filter(
        initiative_id__in={m.initiative_id for m in goals}).select_related("initiative")}
    for m in goals:  # one event per milestone: each is its own delivery
        initiative = progress[m.initiative_id].initiative
        services.webhook_event_emit(
            organization_id=m.organization_id, event=Event.MILESTONE_REACHED,
            event_key=f"initiative:{m.initiative_id}:milestone:{m.percent}",
            data={"initiative": {"slug": initiative.slug, "name": initiative.name},
                  "milestone_percent": m.percent, "goal_label": initiative.goal_label,
                  "goal_target": initiative.goal_target,
                  "micro_improvements": progress[m.initiative_id].micro_improvements})


@receiver(delivery_queued)
def send_after_commit(sender, *, delivery_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.deliver_webhook, delivery_id)
