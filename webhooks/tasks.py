"""Celery delivery of webhooks: thin, idempotent, retried with exponential backoff."""

from celery import shared_task

from webhooks import services
from webhooks.services import Attempt


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    outcome = services.webhook_delivery_attempt(delivery_id=delivery_id)
    # Without a broker (embedded default) tasks run eagerly and Celery cannot schedule a
    # retry, so try again at once; the service still stops at WEBHOOK_MAX_ATTEMPTS.
    while outcome == Attempt.RETRY and self.request.is_eager:
        outcome = services.webhook_delivery_attempt(delivery_id=delivery_id)
    if outcome == Attempt.RETRY:
        # The service counts attempts and gives up at WEBHOOK_MAX_ATTEMPTS.
        raise self.retry(countdown=services.retry_delay(self.request.retries + 1))
    return outcome
