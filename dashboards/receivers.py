from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from dashboards import tasks
from roles.signals import progress_changed


@receiver(progress_changed)
def schedule_rollup(sender, *, initiative_id: int, **kwargs) -> None:
    enqueue_on_commit(tasks.rollup_initiative, initiative_id)
