"""Domain events of the dashboards, for the apps above them (webhooks).

`milestone_reached` is sent by both roll-up paths — the incremental roll-up and the set-based
reconciliation (which writes the tables with SQL, so no model signal would ever fire) — inside
the transaction that records milestones: once per recording, listing every milestone it
recorded (a milestone's unique key makes it recorded once ever). A reconciliation may record
thousands at once, so a receiver looks up what it needs for the whole list in a fixed number
of queries; one that reaches outside (HTTP, mail) acts after commit
(`crowddo.dispatch.enqueue_on_commit`), so a rolled-back roll-up announces nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class Reached:
    """One milestone just recorded (see `dashboards.models.Milestone`)."""

    milestone_id: int
    kind: str  # Milestone.Kind
    initiative_id: int | None
    collective_id: int | None
    volunteer_id: int | None
    organization_id: int | None  # the initiative's organization, else None
    percent: int | None  # goal milestones
    is_public: bool


# kwargs: milestones (a non-empty list of Reached)
milestone_reached = Signal()
