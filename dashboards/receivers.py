"""Listen to `roles.signals.progress_changed` and schedule a debounced roll-up after commit.

Debounce: after the commit, `cache.add` sets a short key per initiative; only the change that
sets it sends the task, with a countdown, so a burst of changes makes one refresh. The task
deletes the key before it reads, so a change committed after that schedules its own refresh.
Within one transaction, a burst (a seed, a bulk admin action) registers one send per
initiative: a marker callback sits next to it in the connection's on-commit list, so a later
signal sees it; a rollback drops both, so nothing is skipped wrongly.
Correctness never depends on the key: if the cache or the broker is down the write still
stands (enqueue_on_commit logs and moves on) and the beat reconciliation catches up.
"""

from django.core.cache import cache
from django.db import connection, transaction
from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from dashboards import tasks
from dashboards.services import milestones
from initiatives.signals import initiative_closed
from roles.signals import progress_changed


class Debounced:
    """Looks like a task to `enqueue_on_commit`; sends the real one once per window."""

    def __init__(self, task, seconds: int):
        self.task, self.seconds, self.name = task, seconds, task.name

    def apply_async(self, args=(), kwargs=None):
        key = tasks.debounce_key(args[0])
        if cache.add(key, 1, timeout=self.seconds + 60):
            try:
                self.task.apply_async(args=args, kwargs=kwargs, countdown=self.seconds)
            except Exception:
                cache.delete(key)  # nothing is pending: the next change must try again
                raise


debounced_rollup = Debounced(tasks.rollup_initiative, tasks.DEBOUNCE_SECONDS)


def _already_pending(initiative_id: int) -> bool:
    return any(getattr(hook, "dashboards_initiative", None) == initiative_id
               for _sids, hook, _robust in connection.run_on_commit)


@receiver(progress_changed)
def schedule_rollup(sender, *, initiative_id: int, **kwargs) -> None:
    if _already_pending(initiative_id):
        return

    def marker():  # does nothing when it runs; its presence says "already scheduled"
        return None

    marker.dashboards_initiative = initiative_id
    transaction.on_commit(marker)
    enqueue_on_commit(debounced_rollup, initiative_id)


@receiver(initiative_closed)
def record_and_announce_outcome(sender, *, initiative_id: int, **kwargs) -> None:
    """Inside the closing transaction: record the CLOSED milestone; mail it after commit."""
    milestone = milestones.record_closed(initiative_id=initiative_id)
    if milestone is not None and milestone.announced_at is None:
        enqueue_on_commit(tasks.announce_milestone, milestone.pk)
