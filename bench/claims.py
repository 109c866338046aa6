"""Row: claim contention — N processes claiming seats of the same few roles at once.

CrowdDo: `roles.services.claim_role` (the one place a claim can happen).
Baselines, raw psycopg2, hand-written:
- "raw" (full transaction): lock the profile, lock the role (FOR UPDATE) and share-lock
  its initiative (so it cannot close meanwhile), the same checks (visibility, already held,
  seats by counting claims, capacity), the insert — what a claim did before the counter;
- "minimal": the seat counter's conditional UPDATE (`UPDATE roles_role SET seats_taken =
  seats_taken + 1 … WHERE … seats_taken + seats_offered < seats`) and the insert, nothing
  else (no burnout guard, no visibility check): the floor for a race-safe claim.
Two shapes of race, each against both baselines:
- 32 forked processes (`--clients`) on 4 roles of one initiative (`run_round`);
- 32 threads of one process on ONE role (`run_threads`): every claim queues for the same
  role row, as when one popular role opens.
Each side gets fresh roles and fresh volunteers in the same bench initiative; the order
of the sides rotates between rounds. Demand exceeds the seats by a third, so refusals race
with claims too.

Every client (process or thread, on every side) makes one claim before the clock starts, on
a warm-up role of its round with a volunteer of its own (`Round.warm_*`): a web worker in
its steady state has served claims before. Without it each forked CrowdDo client paid, inside
its first timed claim, what a long-lived worker pays once: the pages of the parent's heap it
touches copied on write (6–11 ms of system CPU per timed attempt over 8 attempts), Django's
and the services' first-call costs, and its PostgreSQL backend's first plans and catalog
reads; the raw clients touch almost none of the heap. The warm-up claims are not counted.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import threading
import time
from dataclasses import dataclass

import psycopg2
from django.core.cache import caches
from django.db import connection, connections
from django.utils import timezone

from bench.common import Row, median, pct
from crowddo.celery import app
from crowddo.errors import DomainError
from dashboards.services.sql import literal, takes_seat
from dashboards.tasks import rollup_initiative
from initiatives.models import Initiative
from people.models import Organization, User, VolunteerProfile
from roles import services
from roles.models import Capability, Claim, Role

ROLES_PER_ROUND = 4
THREADS = 32  # the one-role race: threads of one process


@dataclass
class Round:
    role_ids: list[int]
    volunteer_ids: list[int]
    warm_role_id: int | None = None  # a seat per client, claimed before the clock starts
    warm_volunteer_ids: tuple[int, ...] = ()


def _bench_initiative():
    org, _ = Organization.objects.get_or_create(slug="bench-claims",
                                                defaults={"name": "Bench claims"})
    initiative, _ = Initiative.objects.get_or_create(
        slug="bench-claims", defaults={"organization": org, "name": "Bench claims",
                                       "summary": "Roles the claim benchmark races for.",
                                       "status": Initiative.Status.ACTIVE, "is_public": True},
    )
    return initiative


def _bench_role(initiative, title: str, seats: int) -> Role:
    return Role.objects.create(initiative=initiative, title=title, seats=seats,
                               responsibility="Race for a seat.", capability=Capability.RELATING,
                               hours_per_week=1)


def _volunteers(tag: str, n: int) -> list[int]:
    users = User.objects.bulk_create([User(email=f"bench-{tag}-{k}@bench.crowddo.test",
                                           password="!bench")  # noqa: S106 (unusable)
                                      for k in range(n)])
    VolunteerProfile.objects.bulk_create([VolunteerProfile(user=u, weekly_capacity_hours=8)
                                          for u in users])
    return [u.pk for u in users]


def prepare_round(tag: str, attempts: int, roles: int = ROLES_PER_ROUND,
                  clients: int = 0) -> Round:
    """Fresh roles (seats for three quarters of the demand) and one volunteer per attempt;
    with `clients`, a warm-up role with a seat and a volunteer for each client."""
    initiative = _bench_initiative()
    seats = math.ceil(attempts * 0.75 / roles)
    role_ids = [_bench_role(initiative, f"Bench {tag} {n}", seats).pk for n in range(roles)]
    rnd = Round(role_ids, _volunteers(tag, attempts))
    if clients:
        rnd.warm_role_id = _bench_role(initiative, f"Bench {tag} warm-up", clients).pk
        rnd.warm_volunteer_ids = tuple(_volunteers(f"{tag}-warm", clients))
    return rnd


def _crowddo_attempt(role, volunteer) -> bool:
    try:
        services.claim_role(role=role, volunteer=volunteer)
    except DomainError:
        return False
    return True


def _warm_broker(initiative_id: int) -> None:
    """A web worker has published before: open the broker connection outside the timing.

    Without this every freshly forked client paid Redis connection set-up inside its
    first claim (13.6 against 37.4 attempts/s with publishing switched off). The same
    holds for the cache's connections (the webhooks' answer, the roll-up debounce): a
    fresh process opened two inside its first claim, ~10 of its ~20 ms of CPU.
    """
    rollup_initiative.apply_async(args=[initiative_id])
    for alias in ("default", "shared"):
        caches[alias].get("bench:warm")


def _crowddo_client(tasks, barrier, out, warm):
    app._pool = None  # a forked child must not share the parent's broker sockets
    app.amqp._producer_pool = None
    roles = Role.objects.in_bulk({r for r, _ in tasks})
    users = User.objects.in_bulk({v for _, v in tasks})
    _warm_broker(next(iter(roles.values())).initiative_id)
    _warm_crowddo(warm)
    barrier.wait()
    results = []
    for role_id, volunteer_id in tasks:
        began = time.perf_counter()
        ok = _crowddo_attempt(roles[role_id], users[volunteer_id])
        results.append((ok, time.perf_counter() - began, time.perf_counter()))
    out.put(results)


def _warm_crowddo(warm) -> None:
    """One claim before the clock starts (see the module's docstring)."""
    if warm is not None:
        role_id, volunteer_id = warm
        _crowddo_attempt(Role.objects.get(pk=role_id), User.objects.get(pk=volunteer_id))


ACTIVE = literal(Claim.Status.ACTIVE)
RAW_CLAIM = [
    ("SELECT weekly_capacity_hours FROM people_volunteerprofile WHERE user_id = %(v)s "
     "FOR UPDATE"),
    ("SELECT r.status, r.seats, r.hours_per_week, r.organization_id, i.status, i.is_public "
     "FROM roles_role r JOIN initiatives_initiative i ON i.id = r.initiative_id "
     "WHERE r.id = %(r)s FOR UPDATE OF r FOR SHARE OF i"),
    "SELECT organization_id FROM people_membership WHERE user_id = %(v)s",
    ("SELECT EXISTS (SELECT 1 FROM roles_claim WHERE role_id = %(r)s AND volunteer_id = %(v)s "
     f"AND status = {ACTIVE})"),
    f"SELECT COUNT(*) FROM roles_claim c WHERE c.role_id = %(r)s AND {takes_seat('c')}",
    ("SELECT COALESCE(SUM(r.hours_per_week), 0) FROM roles_claim c "
     f"JOIN roles_role r ON r.id = c.role_id WHERE c.volunteer_id = %(v)s AND c.status = {ACTIVE}"),
]
RAW_INSERT = (
    "INSERT INTO roles_claim (organization_id, role_id, volunteer_id, status, claimed_at, "
    "last_activity_at, kind, handoff_note, handoff_open, handoff_ask) "
    f"VALUES (%(o)s, %(r)s, %(v)s, {ACTIVE}, %(t)s, %(t)s, {literal(Claim.Kind.REGULAR)}, "
    "'', '', '') RETURNING id"
)


RAW_COUNT = "UPDATE roles_role SET seats_taken = seats_taken + 1 WHERE id = %(r)s"


def _raw_attempt(conn, role_id: int, volunteer_id: int) -> bool:
    """The claim_role transaction by hand: lock profile then role, check, insert."""
    p = {"r": role_id, "v": volunteer_id, "t": timezone.now()}
    with conn.cursor() as cur:
        answers = []
        for sql in RAW_CLAIM:
            cur.execute(sql, p)
            answers.append(cur.fetchall())
        capacity = answers[0][0][0]
        status, seats, hours, org, init_status, public = answers[1][0]
        members = {row[0] for row in answers[2]}
        ok = (status == Role.Status.OPEN and init_status == Initiative.Status.ACTIVE
              and (public or org in members)
              and not answers[3][0][0] and answers[4][0][0] < seats
              and answers[5][0][0] + hours <= capacity)
        if ok:
            cur.execute(RAW_INSERT, {**p, "o": org})
            cur.execute(RAW_COUNT, p)  # keeps the seat counter true (the role row is locked)
    conn.commit()
    return ok


MINIMAL_TAKE = (
    "UPDATE roles_role SET seats_taken = seats_taken + 1, updated_at = %(t)s "
    f"WHERE id = %(r)s AND status = {literal(Role.Status.OPEN)} "
    "AND seats_taken + seats_offered < seats RETURNING organization_id"
)


def _minimal_attempt(conn, role_id: int, volunteer_id: int) -> bool:
    """The floor: the conditional UPDATE of the seat counter, then the insert."""
    p = {"r": role_id, "v": volunteer_id, "t": timezone.now()}
    with conn.cursor() as cur:
        cur.execute(MINIMAL_TAKE, p)
        row = cur.fetchone()
        if row:
            cur.execute(RAW_INSERT, {**p, "o": row[0]})
    conn.commit()
    return row is not None


def _raw_client(tasks, barrier, out, warm, attempt=None):
    attempt = attempt or _raw_attempt
    conn = psycopg2.connect(_dsn())
    if warm is not None:  # one claim before the clock starts, as CrowdDo's clients
        attempt(conn, *warm)
    barrier.wait()
    results = []
    for role_id, volunteer_id in tasks:
        began = time.perf_counter()
        ok = attempt(conn, role_id, volunteer_id)
        results.append((ok, time.perf_counter() - began, time.perf_counter()))
    conn.close()
    out.put(results)


def _dsn() -> str:
    s = connection.settings_dict
    return (f"dbname={s['NAME']} user={s['USER']} host={s['HOST'] or '127.0.0.1'} "
            f"port={s['PORT'] or 5432}" + (f" password={s['PASSWORD']}" if s["PASSWORD"] else ""))


def run_round(kind: str, rnd: Round, clients: int) -> dict:
    """Fork `clients` processes, release them together, collect every attempt."""
    target = _crowddo_client if kind == "crowddo" else _raw_client
    extra = (_minimal_attempt,) if kind == "minimal" else ()
    tasks = [(rnd.role_ids[n % len(rnd.role_ids)], v) for n, v in enumerate(rnd.volunteer_ids)]
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(clients + 1), ctx.Queue()
    connections.close_all()  # children open their own connections
    procs = [ctx.Process(target=target, args=(tasks[c::clients], barrier, out, _warm(rnd, c),
                                              *extra))
             for c in range(clients)]
    for proc in procs:
        proc.start()
    barrier.wait()
    began = time.perf_counter()
    results = [item for _ in procs for item in out.get(timeout=600)]
    for proc in procs:
        proc.join()
    return _summary(results, began, rnd)


def _warm(rnd: Round, client: int) -> tuple[int, int] | None:
    """The warm-up claim of the round's `client`-th client (None: the round has none)."""
    if rnd.warm_role_id is None:
        return None
    return rnd.warm_role_id, rnd.warm_volunteer_ids[client]


def _summary(results: list, began: float, rnd: Round) -> dict:
    wall = max(end for _, _, end in results) - began
    latencies = [lat for _, lat, _ in results]
    return {"attempts": len(results), "claimed": sum(ok for ok, _, _ in results),
            "per_second": len(results) / wall, "p50_ms": pct(latencies, 50) * 1000,
            "p95_ms": pct(latencies, 95) * 1000, "overbooked": overbooked(rnd.role_ids)}


def run_threads(kind: str, rnd: Round, threads: int) -> dict:
    """`threads` threads of this process race for the round's role(s), released together.
    CrowdDo: `claim_role` on Django's per-thread connections; raw: a psycopg2 connection
    per thread (both release the GIL while PostgreSQL works)."""
    tasks = [(rnd.role_ids[n % len(rnd.role_ids)], v) for n, v in enumerate(rnd.volunteer_ids)]
    barrier, results = threading.Barrier(threads + 1), []
    if kind == "crowddo":
        roles = Role.objects.in_bulk(set(rnd.role_ids))
        users = User.objects.in_bulk(set(rnd.volunteer_ids))
        _warm_broker(next(iter(roles.values())).initiative_id)

    def client(mine, warm):
        conn = psycopg2.connect(_dsn()) if kind != "crowddo" else None
        attempt = _minimal_attempt if kind == "minimal" else _raw_attempt
        done = []
        if conn is None:
            _warm_crowddo(warm)  # also opens this thread's Django connection
        elif warm is not None:
            attempt(conn, *warm)
        barrier.wait()
        try:
            for role_id, volunteer_id in mine:
                began = time.perf_counter()
                ok = (_crowddo_attempt(roles[role_id], users[volunteer_id]) if conn is None
                      else attempt(conn, role_id, volunteer_id))
                done.append((ok, time.perf_counter() - began, time.perf_counter()))
        finally:
            conn.close() if conn is not None else connection.close()
        results.extend(done)  # one list.extend per thread: atomic under the GIL

    workers = [threading.Thread(target=client, args=(tasks[c::threads], _warm(rnd, c)))
               for c in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    return _summary(results, began, rnd)


def overbooked(role_ids: list[int]) -> int:
    """Active claims beyond the seats, summed over the roles (must be 0)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(GREATEST(0, n - seats)), 0) FROM ("
            " SELECT r.seats, COUNT(c.id) AS n FROM roles_role r"
            " LEFT JOIN roles_claim c ON c.role_id = r.id AND c.status = 'active'"
            " WHERE r.id = ANY(%s) GROUP BY r.id) t", [role_ids])
        return int(cursor.fetchone()[0])


def claims_rows(clients: int, per_client: int, rounds: int) -> list[Row]:
    attempts = clients * per_client
    runs: dict[str, list[dict]] = {"crowddo": [], "raw": [], "minimal": []}
    threads: dict[str, list[dict]] = {"crowddo": [], "raw": [], "minimal": []}
    sides = ["crowddo", "raw", "minimal"]
    for n in range(rounds):
        for kind in sides[n % 3:] + sides[:n % 3]:
            rnd = prepare_round(f"{kind}-{n}-{time.time_ns()}", attempts, clients=clients)
            runs[kind].append(run_round(kind, rnd, clients))
        for kind in sides[n % 3:] + sides[:n % 3]:
            rnd = prepare_round(f"{kind}-t{n}-{time.time_ns()}", THREADS * per_client, roles=1,
                                clients=THREADS)
            threads[kind].append(run_threads(kind, rnd, THREADS))
    c, r, m = runs["crowddo"], runs["raw"], runs["minimal"]
    tc, tr, tm = threads["crowddo"], threads["raw"], threads["minimal"]
    details = {"clients": clients, "attempts_per_round": attempts, "rounds": runs,
               "threads": THREADS, "thread_attempts_per_round": THREADS * per_client,
               "thread_rounds": threads}

    def rate(side):
        return median([x["per_second"] for x in side])

    return [
        Row("claim contention: attempts/s", "attempts/s", rate(c), rate(r), ">= 0.5", details),
        Row("claim contention vs the minimal conditional UPDATE: attempts/s", "attempts/s",
            rate(c), rate(m), ">= 0.5", {}),
        Row("claim contention: minimal conditional UPDATE, overbooked seats", "seats",
            sum(x["overbooked"] for x in m), 0, "value == 0", {}),
        Row("claim contention: p50 latency", "ms", median([x["p50_ms"] for x in c]),
            median([x["p50_ms"] for x in r]), "", {}),
        Row("claim contention: p95 latency", "ms", median([x["p95_ms"] for x in c]),
            median([x["p95_ms"] for x in r]), "", {}),
        Row("claim contention: overbooked seats", "seats", sum(x["overbooked"] for x in c),
            sum(x["overbooked"] for x in r), "value == 0", {}),
        Row(f"claim contention, {THREADS} threads on one role: attempts/s", "attempts/s",
            rate(tc), rate(tr), ">= 0.5", {}),
        Row(f"claim contention, {THREADS} threads on one role vs the minimal conditional "
            "UPDATE: attempts/s", "attempts/s", rate(tc), rate(tm), ">= 0.5", {}),
        Row(f"claim contention, {THREADS} threads on one role: overbooked seats", "seats",
            sum(x["overbooked"] for x in tc), 0, "value == 0", {}),
        Row(f"claim contention, {THREADS} threads on one role: both baselines, overbooked "
            "seats", "seats", sum(x["overbooked"] for x in tr + tm), 0, "value == 0", {}),
    ]
