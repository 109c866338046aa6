"""Helpers every governance service shares: who acted, and the public decision log."""

from __future__ import annotations

from django.utils import timezone

from initiatives.models import DECISION_TITLE_MAX, Collective, Decision
from people.models import User


def person(actor) -> User | None:
    """The person behind an actor (an API key is no person)."""
    return actor if isinstance(actor, User) else None


def log_decision(*, collective: Collective, actor, title: str, rationale: str,
                 decided_by: str) -> Decision:
    """Governance changes are public decisions of the collective."""
    return Decision.objects.create(
        organization_id=collective.coordinator_id, collective=collective,
        decided_on=timezone.localdate(), title=title[:DECISION_TITLE_MAX], rationale=rationale,
        decided_by=decided_by or str(collective.coordinator), recorded_by=person(actor),
    )
