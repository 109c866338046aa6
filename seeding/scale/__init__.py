"""Bulk synthetic data for benchmarks (`manage.py seed_scale`).

Fills every core table consistently — organizations, collectives, memberships,
users with profiles, regions, initiatives (+ SDGs), roles, claims and
contributions — in one transaction, so a failed load leaves nothing behind.

Why not the services: they take row locks and send signals per row, which is
right for one request and hopeless for a million rows. The invariants they
guard are kept here by construction instead: at most `seats` active claims per
role, one active claim per volunteer and role, active hours within each
volunteer's weekly capacity, every tenant column equal to its parent's,
contribution dates between the claim date and today.

On PostgreSQL rows are streamed with `COPY … FROM STDIN` (psycopg2
`copy_expert`); elsewhere (SQLite) with `bulk_create` in batches. Primary keys
are assigned here (after the current maximum) so rows can reference each
other without a round trip, and the sequences are moved past them at the end.
Roll-up tables are left alone: they are derived, `manage.py rollup` fills them.
"""

from seeding.scale.load import expected_rows, seed_scale, use_copy
from seeding.scale.plan import DEFAULT, SMALL, Result, Sizes

__all__ = ["DEFAULT", "SMALL", "Result", "Sizes", "expected_rows", "seed_scale", "use_copy"]
