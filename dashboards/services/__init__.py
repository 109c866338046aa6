"""Roll-up writes: the dashboard tables, recomputed from the raw rows.

- `deltas`: the per-write path (the debounced Celery task, inline in the embedded default):
  one initiative recomputed, the scopes above it moved by the differences;
- `incremental`: one scope recomputed whole from the raw rows (used by `deltas` for the
  changed initiative and for scope rows that do not exist yet, and by the SQLite full path);
- `full`: every table for every scope (the beat reconciliation, `manage.py rollup`), set-based
  on PostgreSQL with the statements of `statements`, whose shared rules `sql` writes as SQL;
- `indicators`: a collective's indicator totals, both ways;
- `milestones`: recorded by both paths (each sends `dashboards.signals.milestone_reached`),
  announced once by e-mail.

The entry points callers use are re-exported here.
"""

from dashboards.services.deltas import apply_initiative
from dashboards.services.full import rollup_everything
from dashboards.services.incremental import (
    refresh_initiative,
    rollup_collective_regions,
    rollup_initiative,
    rollup_scope,
    rollup_volunteers,
    scopes_of_initiative,
)
from dashboards.services.milestones import (
    milestone_announce,
    record_closed,
    record_milestones,
    unannounced_milestones,
)

__all__ = [
    "apply_initiative",
    "milestone_announce", "record_closed", "record_milestones", "refresh_initiative",
    "rollup_collective_regions", "rollup_everything", "rollup_initiative", "rollup_scope",
    "rollup_volunteers", "scopes_of_initiative", "unannounced_milestones",
]
