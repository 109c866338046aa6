"""Row: the full roll-up (whatever `manage.py rollup` does) against one raw GROUP BY."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.db import connection

from bench.common import Row, median
from dashboards.services.sql import AWAITING_PEER, COUNTED, HELD, literal
from roles.models import Claim

# The same figures InitiativeProgress holds, for every initiative with claims, in one
# statement: counted work (and work awaiting a peer, beside it) and held seats by the roll-ups'
# own rules (dashboards.services.sql).
GROUP_BY = f"""
SELECT r.initiative_id,
       COUNT(*) FILTER (WHERE c.status = {literal(Claim.Status.ACTIVE)}),
       COUNT(*) FILTER (WHERE c.status = {literal(Claim.Status.COMPLETED)}),
       COUNT(*) FILTER (WHERE c.status = {literal(Claim.Status.VERIFIED)}),
       COUNT(DISTINCT c.volunteer_id) FILTER (WHERE c.status IN {HELD}),
       SUM(w.n), SUM(w.hours), SUM(w.mi), SUM(w.an), SUM(w.ami)
FROM roles_claim c
JOIN roles_role r ON r.id = c.role_id
LEFT JOIN (SELECT claim_id, COUNT(*) FILTER (WHERE status IN {COUNTED}) AS n,
                  SUM(hours) FILTER (WHERE status IN {COUNTED}) AS hours,
                  SUM(micro_improvements) FILTER (WHERE status IN {COUNTED}) AS mi,
                  COUNT(*) FILTER (WHERE status IN {AWAITING_PEER}) AS an,
                  SUM(micro_improvements) FILTER (WHERE status IN {AWAITING_PEER}) AS ami
           FROM roles_contribution GROUP BY claim_id) w
  ON w.claim_id = c.id
GROUP BY r.initiative_id
"""  # noqa: S608 (constant SQL text)


def _raw_group_by() -> tuple[float, int]:
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GROUP_BY)
        groups = len(cursor.fetchall())
    return time.perf_counter() - began, groups


def _crowddo_rollup() -> float:
    began = time.perf_counter()
    call_command("rollup", verbosity=0)
    return time.perf_counter() - began


def rollup_row(repeat: int) -> Row:
    """Interleaved: raw, crowddo, raw, crowddo, …, raw (medians of each)."""
    raw, crowd = [], []
    groups = 0
    for _ in range(repeat):
        seconds, groups = _raw_group_by()
        raw.append(seconds)
        crowd.append(_crowddo_rollup())
    raw.append(_raw_group_by()[0])
    return Row(
        name="full roll-up vs raw GROUP BY", unit="s", crowddo=median(crowd),
        baseline=median(raw), target="<= 2",
        details={"crowddo_runs": crowd, "raw_runs": raw, "initiatives_with_claims": groups},
    )
