"""Sent by webhooks.services when a delivery should be (re)sent; the receiver queues the task
after commit. (Services sit below tasks in the import layers, so they signal instead.)"""

from django.dispatch import Signal

# kwargs: delivery_id
delivery_queued = Signal()
