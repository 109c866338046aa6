"""Celery tasks for collective governance: thin, idempotent, calling one service each."""

from celery import shared_task

from governance.services import commitment_status


@shared_task(acks_late=True)
def commitments_refresh() -> int:
    """Recompute every commitment's status from the data (the same data give the same rows)."""
    return commitment_status.refresh_all()


@shared_task(acks_late=True)
def commitment_reminders() -> int:
    """E-mail reminders before commitments fall due; each due date is reminded once."""
    return commitment_status.send_reminders()
