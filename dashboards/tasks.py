"""Celery tasks: thin, idempotent, `acks_late` (a task lost with its worker is redelivered).

Every task recomputes tables from the raw rows, so running it twice writes the same figures.
"""

from celery import shared_task
from django.core.cache import cache

from crowddo.dispatch import enqueue_on_commit
from dashboards import services

DEBOUNCE_SECONDS = 5


def debounce_key(initiative_id: int) -> str:
    return f"dashboards:refresh:{initiative_id}"


@shared_task(acks_late=True)
def rollup_initiative(initiative_id: int) -> None:
    """Roll one initiative's change up by deltas (`services.deltas`); announce milestones."""
    # Clear the debounce key first: a change committed from now on schedules its own refresh.
    cache.delete(debounce_key(initiative_id))
    for milestone_id in services.apply_initiative(initiative_id=initiative_id):
        enqueue_on_commit(announce_milestone, milestone_id)


@shared_task(acks_late=True)
def rollup_all() -> None:
    """The beat reconciliation: recompute everything, announce what was not announced yet."""
    services.rollup_everything()
    for milestone_id in services.unannounced_milestones():
        enqueue_on_commit(announce_milestone, milestone_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def announce_milestone(milestone_id: int) -> None:
    services.milestone_announce(milestone_id=milestone_id)
