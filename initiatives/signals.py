"""Signals the initiatives services send. roles and dashboards listen;
initiatives imports neither."""

from django.dispatch import Signal

# Sent inside the transaction that closes an initiative with its outcome, after the initiative
# row is locked and saved; roles closes its roles and claims in the same transaction.
# kwargs: initiative_id, organization_id, closed_at
initiative_closed = Signal()

# Sent inside the transaction that publishes an initiative (its status became active); roles
# offers the lead seats of accepted initiative proposals to their authors.
# kwargs: initiative_id
initiative_published = Signal()
