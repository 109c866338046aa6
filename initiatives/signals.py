"""Signals the initiatives services send. dashboards listens; initiatives imports none of it."""

from django.dispatch import Signal

# Sent inside the transaction that closes an initiative with its outcome. kwargs: initiative_id
initiative_closed = Signal()
