"""Row: incremental refresh — from a committed contribution to updated dashboard tables.

CrowdDo: `roles.services.contribution_log` commits, `on_commit` publishes the
roll-up task to Redis, a real `celery worker` process runs it; we poll the
dashboard table until it shows the new contribution.
Baseline: raw psycopg2 inserts a contribution, commits, and refreshes the same
table row inline with one aggregate + upsert (the floor without a queue).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import psycopg2
import redis
from django.db import connection, transaction
from django.utils import timezone

from bench.common import PYTHON, ROOT, Row, pct, server_env
from dashboards.services.sql import AWAITING_PEER, COUNTED, HELD, literal, takes_seat
from roles import services
from roles.models import Claim, Contribution, Role

POLL = 0.002

# Work reported (a log) awaits a peer before it is counted: the row shows it in
# awaiting_contributions, so the sample waits for reported + counted work to move.
PROGRESS = ("SELECT contributions + awaiting_contributions FROM dashboards_initiativeprogress"
            " WHERE initiative_id = %s")
# One initiative's InitiativeProgress row by hand, with the roll-ups' own rules
# (dashboards.services.sql): counted work (and beside it work awaiting a peer), held seats,
# regular seats taken.
INLINE_UPSERT = f"""
INSERT INTO dashboards_initiativeprogress (initiative_id, contributions, hours, micro_improvements,
    active_claims, completed_claims, verified_claims, volunteers, roles_open, roles_filled,
    awaiting_contributions, awaiting_micro_improvements, computed_at)
SELECT %(i)s, w.n, COALESCE(w.h, 0), COALESCE(w.mi, 0), c.a, c.co, c.v, c.vol, ro.o, ro.f,
       w.an, COALESCE(w.ami, 0), now()
FROM (SELECT COUNT(*) FILTER (WHERE x.status IN {COUNTED}) n,
             SUM(hours) FILTER (WHERE x.status IN {COUNTED}) h,
             SUM(micro_improvements) FILTER (WHERE x.status IN {COUNTED}) mi,
             COUNT(*) FILTER (WHERE x.status IN {AWAITING_PEER}) an,
             SUM(micro_improvements) FILTER (WHERE x.status IN {AWAITING_PEER}) ami
      FROM roles_contribution x
      JOIN roles_claim cl ON cl.id = x.claim_id JOIN roles_role r ON r.id = cl.role_id
      WHERE r.initiative_id = %(i)s) w,
     (SELECT COUNT(*) FILTER (WHERE cl.status = {literal(Claim.Status.ACTIVE)}) a,
             COUNT(*) FILTER (WHERE cl.status = {literal(Claim.Status.COMPLETED)}) co,
             COUNT(*) FILTER (WHERE cl.status = {literal(Claim.Status.VERIFIED)}) v,
             COUNT(DISTINCT cl.volunteer_id) FILTER (WHERE cl.status IN {HELD}) vol
      FROM roles_claim cl JOIN roles_role r ON r.id = cl.role_id
      WHERE r.initiative_id = %(i)s) c,
     (SELECT COUNT(*) FILTER (WHERE r.status = {literal(Role.Status.OPEN)} AND t.n < r.seats) o,
             COUNT(*) FILTER (WHERE t.n >= r.seats) f
      FROM roles_role r CROSS JOIN LATERAL (SELECT COUNT(*) n FROM roles_claim cl
           WHERE cl.role_id = r.id AND {takes_seat("cl")}) t
      WHERE r.initiative_id = %(i)s AND r.status <> {literal(Role.Status.DRAFT)}) ro
ON CONFLICT (initiative_id) DO UPDATE SET contributions = EXCLUDED.contributions,
    hours = EXCLUDED.hours, micro_improvements = EXCLUDED.micro_improvements,
    active_claims = EXCLUDED.active_claims, completed_claims = EXCLUDED.completed_claims,
    verified_claims = EXCLUDED.verified_claims, volunteers = EXCLUDED.volunteers,
    roles_open = EXCLUDED.roles_open, roles_filled = EXCLUDED.roles_filled,
    awaiting_contributions = EXCLUDED.awaiting_contributions,
    awaiting_micro_improvements = EXCLUDED.awaiting_micro_improvements,
    computed_at = EXCLUDED.computed_at
"""  # noqa: S608 (constant SQL text; the initiative id is bound)


def start_worker(database_url: str, redis_url: str, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "crowddo", "worker", "--concurrency=2",
         "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=server_env(database_url, redis_url), stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while "ready." not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return proc


def claims_in_distinct_initiatives(count: int, *, newest: bool = False, **filters) -> list:
    """Active claims in distinct initiatives of the seeded data (volunteer attached), oldest
    first (or newest), narrowed by `filters` on the claim."""
    seen, picked = set(), []
    qs = (Claim.objects.filter(status=Claim.Status.ACTIVE,
                               role__initiative__slug__startswith="scale-", **filters)
          .select_related("volunteer", "role").order_by("-id" if newest else "id"))
    for claim in qs.iterator(chunk_size=2000):
        if claim.role.initiative_id not in seen:
            seen.add(claim.role.initiative_id)
            picked.append(claim)
        if len(picked) == count:
            break
    return picked


def _wait_for(poll, initiative_id: int, expected: int, timeout: float = 30.0) -> float:
    deadline = time.perf_counter() + timeout
    with poll.cursor() as cur:
        while time.perf_counter() < deadline:
            cur.execute(PROGRESS, [initiative_id])
            row = cur.fetchone()
            if row and row[0] >= expected:
                return time.perf_counter()
            time.sleep(POLL)
    raise RuntimeError(f"dashboard of initiative {initiative_id} not refreshed in {timeout} s")


def _current(poll, initiative_id: int) -> int:
    with poll.cursor() as cur:
        cur.execute(PROGRESS, [initiative_id])
        row = cur.fetchone()
    return row[0] if row else 0


def crowddo_sample(claim, poll) -> float:
    initiative_id = claim.role.initiative_id
    expected = _current(poll, initiative_id) + 1
    committed = []
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.perf_counter()))  # runs first
        services.contribution_log(claim=claim, volunteer=claim.volunteer,
                                  date=timezone.localdate(), hours=Decimal("1"),
                                  micro_improvements=1)
    return _wait_for(poll, initiative_id, expected) - committed[0]


# The baseline's contribution: one hour of reported work awaiting a peer, every NOT NULL
# column written (tests/bench/test_refresh_insert.py runs it against the migrated schema).
RAW_CONTRIBUTION = (
    "INSERT INTO roles_contribution (organization_id, claim_id, date, hours, "
    "micro_improvements, region_id, note, status, created_at, updated_at, "
    "evidence_url, held_reason, evidence_image) "
    "VALUES (%s, %s, %s, 1, 1, NULL, '', %s, now(), now(), '', '', '') RETURNING id"
)


def insert_raw_contribution(cur, claim) -> int:
    """The raw side's INSERT of one contribution to `claim` (not committed); its id."""
    cur.execute(RAW_CONTRIBUTION, [claim.organization_id, claim.id, dt.date.today(),
                                   Contribution.Status.SUBMITTED])
    return cur.fetchone()[0]


def raw_sample(claim, raw) -> float:
    with raw.cursor() as cur:
        insert_raw_contribution(cur, claim)
        raw.commit()
        began = time.perf_counter()
        cur.execute(INLINE_UPSERT, {"i": claim.role.initiative_id})
        raw.commit()
    return time.perf_counter() - began


def refresh_rows(database_url: str, redis_url: str, logs: Path, samples: int) -> list[Row]:
    redis.Redis.from_url(redis_url).flushdb()  # no backlog from earlier rows
    claims = claims_in_distinct_initiatives(2 * samples)
    if len(claims) < 2 * samples:
        raise RuntimeError(f"need {2 * samples} active claims in distinct initiatives")
    worker = start_worker(database_url, redis_url, logs / "celery-worker.log")
    poll, raw = psycopg2.connect(database_url), psycopg2.connect(database_url)
    poll.autocommit = True
    crowd, base = [], []
    try:
        for n in range(samples):  # alternate, on different initiatives
            crowd.append(crowddo_sample(claims[2 * n], poll))
            base.append(raw_sample(claims[2 * n + 1], raw))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        poll.close()
        raw.close()
        connection.close()
    ms, details = 1000, {"samples": samples, "crowddo_s": crowd, "raw_inline_s": base}
    return [Row("incremental refresh with a worker: p50", "ms", pct(crowd, 50) * ms,
                pct(base, 50) * ms, "", details),
            Row("incremental refresh with a worker: p95", "ms", pct(crowd, 95) * ms,
                pct(base, 95) * ms, "", {})]
