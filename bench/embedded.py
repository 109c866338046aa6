"""Rows: a write in the embedded default — no broker, so the roll-up task runs eagerly, inline
after the write's commit, inside the request — against one raw INSERT of a contribution.

CrowdDo: `contribution_log` (work reported: awaiting figures move) and `contribution_verify`
(work counted: every table moves — initiative, organization, collective, days, regions,
indicators, volunteers, milestones) through the services, with Celery switched to eager for
the row exactly as settings do without `REDIS_URL`; the time includes the per-write roll-up
(`dashboards.services.deltas`). Baseline: raw psycopg2 inserts one contribution and commits.
Target: each write under 200 ms (the issue's figure for `make run` at 20k roles).
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import psycopg2
from django.db import connection
from django.utils import timezone

from bench.common import Row, pct
from bench.refresh import claims_in_distinct_initiatives
from crowddo.celery import app
from people.models import Membership
from roles import services
from roles.models import Claim, Contribution


def _claims(count: int) -> list[Claim]:
    """Active claims in distinct public initiatives of collectives (the longest roll-up path)."""
    return claims_in_distinct_initiatives(count, newest=True,
                                          role__initiative__is_public=True,
                                          role__initiative__collective__isnull=False)


def _verifier(claim):
    member = (Membership.objects.filter(organization_id=claim.organization_id,
                                        level__in=Membership.MANAGING)
              .select_related("user").first())
    if member is None:
        raise RuntimeError(f"organization {claim.organization_id} has no orchestrator")
    return member.user


def _timed(call) -> tuple[float, object]:
    began = time.perf_counter()
    out = call()
    return time.perf_counter() - began, out


def crowddo_sample(claim) -> tuple[float, float]:
    """(log, verify) seconds, each including the inline roll-up after its commit."""
    boss = _verifier(claim)
    log_s, made = _timed(lambda: services.contribution_log(
        claim=claim, volunteer=claim.volunteer, date=timezone.localdate(), hours=Decimal("1"),
        micro_improvements=1))
    verify_s, _ = _timed(lambda: services.contribution_verify(contribution=made, verifier=boss))
    return log_s, verify_s


def raw_sample(claim, raw) -> float:
    with raw.cursor() as cur:
        began = time.perf_counter()
        cur.execute(
            "INSERT INTO roles_contribution (organization_id, claim_id, date, hours, "
            "micro_improvements, region_id, note, status, held_reason, evidence_url, "
            "evidence_image, created_at, updated_at) "
            "VALUES (%s, %s, %s, 1, 1, NULL, '', %s, '', '', '', now(), now())",
            [claim.organization_id, claim.id, dt.date.today(), Contribution.Status.SUBMITTED])
        raw.commit()
        return time.perf_counter() - began


def embedded_rows(database_url: str, samples: int) -> list[Row]:
    claims = _claims(2 * samples)
    if len(claims) < 2 * samples:
        raise RuntimeError(f"need {2 * samples} active claims in distinct public initiatives")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # what settings do without REDIS_URL
    raw = psycopg2.connect(database_url)
    logs, verifies, base = [], [], []
    try:
        for n in range(samples):  # alternate, on different initiatives
            log_s, verify_s = crowddo_sample(claims[2 * n])
            logs.append(log_s)
            verifies.append(verify_s)
            base.append(raw_sample(claims[2 * n + 1], raw))
    finally:
        app.conf.task_always_eager = eager
        raw.close()
        connection.close()
    ms = 1000
    details = {"samples": samples, "log_s": logs, "verify_s": verifies, "raw_insert_s": base}
    return [Row("embedded default: a write (log), p50", "ms", pct(logs, 50) * ms,
                pct(base, 50) * ms, "value <= 200", details),
            Row("embedded default: a write (verify), p50", "ms", pct(verifies, 50) * ms,
                pct(base, 50) * ms, "value <= 200", {}),
            Row("embedded default: a write (verify), p95", "ms", pct(verifies, 95) * ms,
                pct(base, 95) * ms, "", {})]
