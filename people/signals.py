"""Signals people's services send; people's receivers queue the e-mails."""

from django.dispatch import Signal

# Sent inside the transaction that creates an invitation. kwargs: invitation_id
invitation_created = Signal()
