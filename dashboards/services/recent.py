"""A collective's feed of recent verified micro-improvements (`RecentWork`), kept by the
per-write roll-up and filled whole by the reconciliation.

The feed is the top `RECENT_WORK` of the collective's public, verified contributions with
micro-improvements, by date then id (`figures.recent_work`). After a write of one initiative
the new top is the top of the old feed and that initiative's own top: exact, because no other
initiative's work changed — unless a contribution in the old feed stopped qualifying
(retracted, sent back), when the collective's feed is recomputed from the raw rows.
"""

from __future__ import annotations

from django.db import connection, transaction

from dashboards.models import RECENT_WORK, RecentWork
from dashboards.selectors import figures
from dashboards.services.sql import literal
from roles.models import Contribution


def apply_initiative(collective_id: int, initiative_id: int) -> None:
    """Move the collective's feed after a write of one of its public initiatives (the
    collective row is locked by the caller)."""
    old = set(RecentWork.objects.filter(collective_id=collective_id)
              .values_list("contribution_id", flat=True))
    still = set(figures.recent_work(Contribution.objects.filter(pk__in=old))
                .values_list("pk", flat=True)) if old else set()
    if still != old:  # one left the feed: the next one may belong to any initiative
        fill_collective(collective_id)
        return
    mine = figures.recent_work(Contribution.objects.filter(
        claim__role__initiative_id=initiative_id))[:RECENT_WORK]
    top = set(figures.recent_work(Contribution.objects.filter(
        pk__in=old | set(mine.values_list("pk", flat=True))))[:RECENT_WORK]
        .values_list("pk", flat=True))
    if top != old:
        _write(collective_id, old, top)


def _write(collective_id: int, old: set, top: set) -> None:
    RecentWork.objects.filter(collective_id=collective_id,
                              contribution_id__in=old - top).delete()
    RecentWork.objects.bulk_create(RecentWork(collective_id=collective_id, contribution_id=pk)
                                   for pk in top - old)


def fill_collective(collective_id: int) -> None:
    """Recompute one collective's feed from the raw rows."""
    old = set(RecentWork.objects.filter(collective_id=collective_id)
              .values_list("contribution_id", flat=True))
    top = set(figures.recent_work(figures.public_work_of_collective(collective_id))
              [:RECENT_WORK].values_list("pk", flat=True))
    _write(collective_id, old, top)


def fill_all() -> int:
    """Every collective's feed in one window statement (the reconciliation)."""
    from dashboards.services import statements  # full's steps call this function

    sql = f"""
    SELECT collective_id, contribution_id FROM (
      SELECT i.collective_id, w.id AS contribution_id,
             ROW_NUMBER() OVER (PARTITION BY i.collective_id ORDER BY w.date DESC, w.id DESC)
               AS n
      FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id
      JOIN roles_role r ON r.id = c.role_id
      JOIN initiatives_initiative i ON i.id = r.initiative_id
      WHERE {statements.OPEN} AND i.collective_id IS NOT NULL
        AND w.status = {literal(Contribution.Status.VERIFIED)} AND w.micro_improvements > 0
    ) ranked WHERE n <= {int(RECENT_WORK)}
    """  # noqa: S608 (constant SQL text)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE dashboards_recentwork IN EXCLUSIVE MODE;"
                       f" CREATE TEMP TABLE recent_fresh ON COMMIT DROP AS {sql}")
        cursor.execute("DELETE FROM dashboards_recentwork t WHERE NOT EXISTS (SELECT 1 FROM"
                       " recent_fresh f WHERE f.collective_id = t.collective_id"
                       " AND f.contribution_id = t.contribution_id)")
        cursor.execute("INSERT INTO dashboards_recentwork (collective_id, contribution_id)"
                       " SELECT collective_id, contribution_id FROM recent_fresh"
                       " ON CONFLICT DO NOTHING")
        written = cursor.rowcount
        cursor.execute("DROP TABLE recent_fresh")
    return written
