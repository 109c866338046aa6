"""Send Celery tasks after the transaction commits, never failing the write.

A task must not read rows that are not committed yet, so every dispatch waits
for `on_commit`. If the broker is down, the write has already committed: we log
and move on, and the periodic reconciliation task catches up later.
"""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # broker down, eager task failed: the write stays, reconciliation heals
            log.exception("could not dispatch %s%r; reconciliation will catch up", task.name, args)

    transaction.on_commit(send)
