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

from __future__ import annotations

import datetime as dt
import io
import math
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from initiatives.models import Collective, CollectiveMembership, Initiative, Region
from people.models import Membership, Organization, User, VolunteerProfile
from roles.models import Claim, Contribution, Role

NULL = r"\N"  # COPY's text-format NULL; turned into None for bulk_create
CHUNK = 50_000  # rows per COPY / bulk_create batch (also the progress-bar step)
CAPABILITIES = ("sensemaking", "visioning", "relating", "inventing")
UNUSABLE_PASSWORD = "!seed-scale"  # noqa: S105  ("!" prefix: Django never accepts it)
HISTORY_DAYS = 360  # spread of claim dates; contributions stay within the 366-day window


@dataclass(frozen=True)
class Sizes:
    organizations: int = 200
    initiatives: int = 10_000
    roles: int = 100_000
    volunteers: int = 50_000
    claims: int = 200_000
    contributions: int = 1_000_000

    def check(self) -> None:
        for name, value in asdict(self).items():
            if value < 1:
                raise ValueError(f"--{name} must be at least 1 (got {value}).")
        if self.volunteers < 2:
            raise ValueError("--volunteers must be at least 2.")


DEFAULT = Sizes()
SMALL = Sizes(organizations=10, initiatives=200, roles=2_000, volunteers=1_000,
              claims=4_000, contributions=20_000)


@dataclass
class Plan:
    """Id offsets and the per-row decisions other tables depend on."""

    sizes: Sizes
    prefix: str
    start: dict[str, int]
    now: dt.datetime
    collectives: int = 0
    regions: list[int] = field(default_factory=list)  # district ids
    init_org: list[int] = field(default_factory=list)
    init_open: list[bool] = field(default_factory=list)
    role_hours: list[int] = field(default_factory=list)
    role_open: list[bool] = field(default_factory=list)
    claim_role: list[int] = field(default_factory=list)
    claim_day: list[int] = field(default_factory=list)
    capacity: list[int] = field(default_factory=list)
    step: int = 1
    members_per_org: int = 0
    days: list[str] = field(default_factory=list)  # timestamps, index = days ago

    def id(self, table: str, index: int) -> int:
        return self.start[table] + index + 1


@dataclass
class Result:
    rows: dict[str, int]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


# --- The plan: ids, and the decisions made once so that every table agrees ----------------------


def _start_ids() -> dict[str, int]:
    models_ = [Organization, User, VolunteerProfile, Membership, Region, Collective,
               CollectiveMembership, Initiative, Initiative.sdgs.through, Role, Claim,
               Contribution]
    start = {}
    for model in models_:
        start[model._meta.db_table] = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
    return start


def _coprime_step(n: int) -> int:
    """A stride that visits every volunteer once before repeating (coprime with n)."""
    step = max(1, int(n * 0.618)) | 1
    while math.gcd(step, n) != 1:
        step += 2
    return step


def _district_ids(plan: Plan) -> list[int]:
    """Ids of the districts, in the order gen_regions writes them."""
    ids, n = [], 0
    for _c in range(REGION_SHAPE[0]):
        n += 1
        for _s in range(REGION_SHAPE[1]):
            n += 1
            for _d in range(REGION_SHAPE[2]):
                ids.append(plan.id("initiatives_region", n))
                n += 1
    return ids


def make_plan(sizes: Sizes, prefix: str) -> Plan:
    plan = Plan(sizes=sizes, prefix=prefix, start=_start_ids(), now=timezone.now())
    plan.collectives = max(1, sizes.organizations // 10)
    plan.step = _coprime_step(sizes.volunteers)
    plan.members_per_org = sizes.volunteers // sizes.organizations
    plan.days = [(plan.now - dt.timedelta(days=d)).isoformat() for d in range(HISTORY_DAYS + 61)]
    plan.regions = _district_ids(plan)
    plan.init_org = [i % sizes.organizations for i in range(sizes.initiatives)]
    plan.init_open = [i % 20 not in (3, 7) for i in range(sizes.initiatives)]  # 10 % draft/closed
    plan.role_hours = [1 + r % 3 for r in range(sizes.roles)]
    plan.role_open = [
        r % 20 != 11 and plan.init_open[r % sizes.initiatives] for r in range(sizes.roles)
    ]
    plan.claim_role = [c % sizes.roles for c in range(sizes.claims)]
    plan.claim_day = [1 + (c * 7919) % HISTORY_DAYS for c in range(sizes.claims)]
    return plan


def is_private(plan: Plan, initiative: int) -> bool:
    """Every 25th initiative of each organization is private."""
    return (initiative // plan.sizes.organizations) % 25 == 1


def claim_volunteer(plan: Plan, c: int) -> int:
    """Volunteer index of claim c: distinct volunteers for the claims of one role.

    Roles of private initiatives are claimed by members of their organization only
    (volunteer v is a member of organization v % organizations).
    """
    r, k = c % plan.sizes.roles, c // plan.sizes.roles
    m, orgs = plan.members_per_org, plan.sizes.organizations
    i = r % plan.sizes.initiatives
    if m and is_private(plan, i):
        spread = r * 40503 + (r // plan.sizes.initiatives) * 7  # roles of one initiative differ
        return plan.init_org[i] + orgs * ((spread + k) % m)
    return (r * plan.step + k) % plan.sizes.volunteers


def claim_status(plan: Plan, c: int) -> str:
    """The first two claims of an open role are active (if seats allow); older ones moved on."""
    r, k = c % plan.sizes.roles, c // plan.sizes.roles
    seats = 1 + r % 5
    if k < 2 and k < seats and plan.role_open[r]:
        return "active"
    return ("completed", "verified", "released", "expired", "verified")[(c // 3) % 5]


def plan_capacity(plan: Plan) -> None:
    """Weekly capacity per volunteer: 8 h, raised where their active claims need more."""
    held = [0] * plan.sizes.volunteers
    for c in range(plan.sizes.claims):
        if claim_status(plan, c) == "active":
            held[claim_volunteer(plan, c)] += plan.role_hours[c % plan.sizes.roles]
    if max(held, default=0) > 80:  # the profile's check constraint
        raise ValueError("Too many roles per volunteer: add --volunteers or lower --roles.")
    plan.capacity = [max(8, h) for h in held]


# --- Row generators: tuples of strings in column order (NULL for SQL NULL) ----------------------


def _ts(plan: Plan, days_ago: int) -> str:
    return plan.days[days_ago]


def gen_organizations(plan: Plan) -> Iterator[tuple]:
    ts = _ts(plan, HISTORY_DAYS + 30)
    for o in range(plan.sizes.organizations):
        yield (str(plan.id("people_organization", o)), f"Scale organization {o + 1}",
               f"{plan.prefix}-org-{o + 1}", "Synthetic organization for benchmarks.", "", ts)


def gen_users(plan: Plan) -> Iterator[tuple]:
    """Two staff (owner, orchestrator) per organization first, then the volunteers."""
    ts = _ts(plan, HISTORY_DAYS + 30)
    staff = 2 * plan.sizes.organizations
    for u in range(staff + plan.sizes.volunteers):
        kind = "staff" if u < staff else "volunteer"
        yield (str(plan.id("people_user", u)), UNUSABLE_PASSWORD, NULL, "f", "f", "t", ts,
               f"{plan.prefix}-{kind}-{u + 1}@scale.crowddo.test", f"{kind.title()} {u + 1}",
               "t" if u % 4 == 0 else "f")


def volunteer_user_id(plan: Plan, v: int) -> int:
    return plan.id("people_user", 2 * plan.sizes.organizations + v)


def gen_profiles(plan: Plan) -> Iterator[tuple]:
    ts = _ts(plan, 1)
    staff = 2 * plan.sizes.organizations
    for u in range(staff + plan.sizes.volunteers):
        capacity = plan.capacity[u - staff] if u >= staff else 8
        yield (str(plan.id("people_volunteerprofile", u)), str(plan.id("people_user", u)), "",
               str(capacity), ts)


def gen_memberships(plan: Plan) -> Iterator[tuple]:
    ts = _ts(plan, HISTORY_DAYS + 30)
    orgs = plan.sizes.organizations
    for u in range(2 * orgs + plan.sizes.volunteers):
        if u < 2 * orgs:
            org, level = u // 2, ("owner", "orchestrator")[u % 2]
        else:
            org, level = (u - 2 * orgs) % orgs, "member"
        yield (str(plan.id("people_membership", u)), str(plan.id("people_user", u)),
               str(plan.id("people_organization", org)), level, ts)


REGION_SHAPE = (5, 4, 5)  # countries, states per country, districts per state


def gen_regions(plan: Plan) -> Iterator[tuple]:
    """Country → state → district; districts are where initiatives and roles happen."""
    n = 0
    for c in range(REGION_SHAPE[0]):
        country = plan.id("initiatives_region", n)  # ids as _district_ids counts them
        yield (str(country), f"Country {c + 1}", f"{plan.prefix}-country-{c + 1}", "country", NULL)
        n += 1
        for s in range(REGION_SHAPE[1]):
            state = plan.id("initiatives_region", n)
            yield (str(state), f"State {c + 1}.{s + 1}", f"state-{s + 1}", "state", str(country))
            n += 1
            for d in range(REGION_SHAPE[2]):
                district = plan.id("initiatives_region", n)
                yield (str(district), f"District {c + 1}.{s + 1}.{d + 1}", f"district-{d + 1}",
                       "district", str(state))
                n += 1


def org_collective(plan: Plan, org: int) -> int | None:
    """Organizations join collectives in blocks of ten; the first of each block coordinates."""
    c = org // 10
    return c if c < plan.collectives else None


def gen_collectives(plan: Plan) -> Iterator[tuple]:
    ts = _ts(plan, HISTORY_DAYS)
    for c in range(plan.collectives):
        yield (str(plan.id("initiatives_collective", c)), f"Scale collective {c + 1}",
               f"{plan.prefix}-collective-{c + 1}", "Synthetic collective for benchmarks.",
               str(plan.id("people_organization", min(c * 10, plan.sizes.organizations - 1))),
               "micro-improvements", "100000", "t", ts)


def gen_collective_memberships(plan: Plan) -> Iterator[tuple]:
    ts = _ts(plan, HISTORY_DAYS)
    n = 0
    for org in range(plan.sizes.organizations):
        c = org_collective(plan, org)
        if c is None:
            continue
        yield (str(plan.id("initiatives_collectivemembership", n)),
               str(plan.id("initiatives_collective", c)), str(plan.id("people_organization", org)),
               "active", ts, ts, NULL)
        n += 1


def gen_initiatives(plan: Plan) -> Iterator[tuple]:
    for i in range(plan.sizes.initiatives):
        org = plan.init_org[i]
        c = org_collective(plan, org)
        # Not-open initiatives are closed, not drafts: they have (past) claims.
        status = "active" if plan.init_open[i] else "closed"
        ts = _ts(plan, HISTORY_DAYS + i % 30)
        yield (str(plan.id("initiatives_initiative", i)), str(plan.id("people_organization", org)),
               str(plan.id("initiatives_collective", c)) if c is not None and i % 2 else NULL,
               f"Scale initiative {i + 1}", f"{plan.prefix}-initiative-{i + 1}",
               "Synthetic initiative: small roles, one shared goal.", "", "micro-improvements",
               str(100 + (i % 10) * 100), status, "f" if is_private(plan, i) else "t",
               str(plan.regions[i % len(plan.regions)]), "", ts, ts)


def gen_initiative_sdgs(plan: Plan) -> Iterator[tuple]:
    n = 0
    for i in range(plan.sizes.initiatives):
        for sdg in sorted({1 + i % 17, 1 + (i * 7) % 17}):
            yield (str(plan.id("initiatives_initiative_sdgs", n)),
                   str(plan.id("initiatives_initiative", i)), str(sdg))
            n += 1


def gen_roles(plan: Plan) -> Iterator[tuple]:
    inits = plan.sizes.initiatives
    for r in range(plan.sizes.roles):
        i = r % inits
        status = "open" if plan.role_open[r] else "closed"
        ts = _ts(plan, HISTORY_DAYS - (r * 13) % HISTORY_DAYS)
        yield (str(plan.id("roles_role", r)), str(plan.id("people_organization", plan.init_org[i])),
               str(plan.id("initiatives_initiative", i)), f"Scale role {r + 1}",
               f"Own one small, clear responsibility (#{r + 1}).", "", str(plan.role_hours[r]),
               str(4 + r % 9), str(1 + r % 5), CAPABILITIES[r % 4],
               str(plan.regions[(i + r) % len(plan.regions)]), "t" if r % 3 == 0 else "f",
               status, "14", NULL, NULL, ts, ts)


def gen_claims(plan: Plan) -> Iterator[tuple]:
    inits = plan.sizes.initiatives
    for c in range(plan.sizes.claims):
        r = plan.claim_role[c]
        status, day = claim_status(plan, c), plan.claim_day[c]
        ts, later = _ts(plan, day), _ts(plan, day // 2)
        yield (str(plan.id("roles_claim", c)),
               str(plan.id("people_organization", plan.init_org[r % inits])),
               str(plan.id("roles_role", r)),
               str(volunteer_user_id(plan, claim_volunteer(plan, c))),
               status, ts, later,
               later if status in ("completed", "verified") else NULL,
               later if status == "verified" else NULL,
               later if status in ("released", "expired") else NULL, NULL, "")


def gen_contributions(plan: Plan) -> Iterator[tuple]:
    """Spread over the claims; each dated between its claim's date and today."""
    claims, inits, regions = plan.sizes.claims, plan.sizes.initiatives, plan.regions
    today = timezone.localdate()
    dates = [(today - dt.timedelta(days=d)).isoformat() for d in range(HISTORY_DAYS + 1)]
    created = [_ts(plan, d) for d in range(HISTORY_DAYS + 1)]
    cid, oid = plan.start["roles_contribution"] + 1, plan.start["roles_claim"] + 1
    org0 = plan.start["people_organization"] + 1
    for n in range(plan.sizes.contributions):
        c = n % claims
        r = plan.claim_role[c]
        day = (n * 31) % (plan.claim_day[c] + 1)
        yield (str(cid + n), str(org0 + plan.init_org[r % inits]), str(oid + c), dates[day],
               ("0.50", "1.00", "1.50", "2.00", "3.00")[n % 5], str(n % 11),
               str(regions[(r % inits + r) % len(regions)]), "",
               "verified" if n % 3 == 0 else "submitted", created[day], created[day])


# --- Loading: COPY on PostgreSQL, bulk_create elsewhere ----------------------------------------

TABLES: list[tuple[type[models.Model] | Callable[[], type[models.Model]], Callable, tuple]] = [
    (Organization, gen_organizations,
     ("id", "name", "slug", "description", "website", "created_at")),
    (User, gen_users,
     ("id", "password", "last_login", "is_superuser", "is_staff", "is_active", "date_joined",
      "email", "display_name", "show_in_reports")),
    (VolunteerProfile, gen_profiles,
     ("id", "user_id", "bio", "weekly_capacity_hours", "updated_at")),
    (Membership, gen_memberships, ("id", "user_id", "organization_id", "level", "created_at")),
    (Region, gen_regions, ("id", "name", "slug", "level", "parent_id")),
    (Collective, gen_collectives,
     ("id", "name", "slug", "summary", "coordinator_id", "goal_label", "goal_target",
      "is_public", "created_at")),
    (CollectiveMembership, gen_collective_memberships,
     ("id", "collective_id", "organization_id", "status", "invited_at", "accepted_at",
      "accepted_by_id")),
    (Initiative, gen_initiatives,
     ("id", "organization_id", "collective_id", "name", "slug", "summary", "purpose",
      "goal_label", "goal_target", "status", "is_public", "region_id", "outcome", "created_at",
      "updated_at")),
    (Initiative.sdgs.through, gen_initiative_sdgs, ("id", "initiative_id", "sdg_id")),
    (Role, gen_roles,
     ("id", "organization_id", "initiative_id", "title", "responsibility", "success_looks_like",
      "hours_per_week", "duration_weeks", "seats", "capability", "region_id", "is_remote",
      "status", "stale_after_days", "coordinator_id", "proposed_by_id", "created_at",
      "updated_at")),
    (Claim, gen_claims,
     ("id", "organization_id", "role_id", "volunteer_id", "status", "claimed_at",
      "last_activity_at", "completed_at", "verified_at", "ended_at", "reminded_at",
      "handoff_note")),
    (Contribution, gen_contributions,
     ("id", "organization_id", "claim_id", "date", "hours", "micro_improvements", "region_id",
      "note", "status", "created_at", "updated_at")),
]


def _copy_text(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _extra_columns(model, columns: tuple, now: dt.datetime) -> tuple[list[str], list[str]]:
    """Columns other branches may add later, filled with their defaults (so COPY keeps working)."""
    names, values = [], []
    for f in model._meta.concrete_fields:
        if f.column in columns:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()
        names.append(f.column)
        values.append(_copy_text(value))
    return names, values


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy_table(model, gen, columns, plan: Plan, progress) -> int:
    extra_names, extra_values = _extra_columns(model, columns, plan.now)
    suffix = "".join("\t" + v for v in extra_values) + "\n"
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in (*columns, *extra_names))
    sql = f"COPY {table} ({cols}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor:
        for batch in _chunks(gen(plan), CHUNK):
            buffer = io.StringIO("".join(["\t".join(row) + suffix for row in batch]))
            cursor.cursor.copy_expert(sql, buffer)  # the raw psycopg2 cursor
            count += len(batch)
            progress(len(batch))
    return count


@contextmanager
def _keep_given_timestamps(model):
    """bulk_create stamps auto_now(_add) fields with now(); the plan's dates must stay."""
    stamped = [f for f in model._meta.concrete_fields
               if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, add) in zip(stamped, saved, strict=True):
            f.auto_now, f.auto_now_add = now, add


def _bulk_table(model, gen, columns, plan: Plan, progress) -> int:
    attnames = {f.column: f.attname for f in model._meta.concrete_fields}
    names = [attnames[c] for c in columns]
    count = 0
    with _keep_given_timestamps(model):
        for batch in _chunks(gen(plan), 2_000):
            model.objects.bulk_create(
                [model(**{n: (None if v == NULL else v) for n, v in zip(names, row, strict=True)})
                 for row in batch]
            )
            count += len(batch)
            progress(len(batch))
    return count


def _reset_sequences(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            biggest = f"SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}"  # noqa: S608
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({biggest}))", [table])


def _drop_foreign_keys(tables: list[str]) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of the tables about to be loaded; return them to re-add.

    Why: Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so COPY queues
    one check per row and runs them all at COMMIT (a profile of the default size
    showed 25 s of 56 s in COMMIT). Re-adding a constraint validates every row
    in one set-based join instead, as pg_restore does. DDL is transactional in
    PostgreSQL: if anything fails, the constraints come back with the rollback.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return keys


def _add_foreign_keys(keys: list[tuple[str, str, str]]) -> None:
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )


def expected_rows(sizes: Sizes) -> int:
    """Row count to size the progress bar (close; sdgs rows are estimated)."""
    users = 2 * sizes.organizations + sizes.volunteers
    return (sizes.organizations + 3 * users + 125 + 2 * max(1, sizes.organizations // 10)
            + sizes.initiatives * 3 + sizes.roles + sizes.claims + sizes.contributions)


def use_copy() -> bool:
    return connection.vendor == "postgresql"


def check_fresh(prefix: str) -> None:
    if Organization.objects.filter(slug=f"{prefix}-org-1").exists():
        raise ValueError(
            f"Scale data with prefix '{prefix}' is loaded already: use a fresh database "
            "or another --prefix."
        )


def seed_scale(sizes: Sizes, *, prefix: str = "scale",
               progress: Callable[[int], None] = lambda n: None) -> Result:
    """Load the synthetic data set; returns rows per table and the seconds it took."""
    sizes.check()
    check_fresh(prefix)
    began = time.perf_counter()
    plan = make_plan(sizes, prefix)
    plan_capacity(plan)
    postgres, copy = connection.vendor == "postgresql", use_copy()
    load = _copy_table if copy else _bulk_table
    rows: dict[str, int] = {}
    with transaction.atomic():
        keys = _drop_foreign_keys([m._meta.db_table for m, _, _ in TABLES]) if copy else []
        for model, gen, columns in TABLES:
            rows[model._meta.db_table] = load(model, gen, columns, plan, progress)
        _add_foreign_keys(keys)
        if postgres:
            _reset_sequences(list(rows))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the first plans are bad
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in rows))
    return Result(rows=rows, seconds=time.perf_counter() - began)
