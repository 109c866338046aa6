"""Listen to `roles.signals.progress_changed` and schedule a debounced roll-up after commit.

Debounce: after the commit, `cache.add` sets a short key per initiative; only the change that
sets it sends the task, with a countdown, so a burst of changes makes one refresh. The task
deletes the key before it reads, so a change committed after that schedules its own refresh.
Correctness never depends on the key: if the cache or the broker is down the write still
stands (enqueue_on_commit logs and moves on) and the beat reconciliation catches up.
"""

from django.core.cache import cache
from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from dashboards import tasks
from roles.signals import progress_changed


class Debounced:
    """Looks like a task to `enqueue_on_commit`; sends the real one once per window."""

    def __init__(self, task, seconds: int):
        self.task, self.seconds, self.name = task, seconds, task.name

    def apply_async(self, args=(), kwargs=None):
        if cache.add(tasks.debounce_key(args[0]), 1, timeout=self.seconds + 60):
            self.task.apply_async(args=args, kwargs=kwargs, countdown=self.seconds)


debounced_rollup = Debounced(tasks.rollup_initiative, tasks.DEBOUNCE_SECONDS)


@receiver(progress_changed)
def schedule_rollup(sender, *, initiative_id: int, **kwargs) -> None:
    enqueue_on_commit(debounced_rollup, initiative_id)
