"""The plan of a synthetic data set: sizes, id offsets, and every decision other tables depend
on (which volunteer holds which claim, in which state, with what capacity), made once so
that every generated table agrees."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field

from django.db import models
from django.utils import timezone

from initiatives.models import Collective, CollectiveMembership, Initiative, Region
from people.models import CAPACITY_MAX_HOURS, Membership, Organization, User, VolunteerProfile
from roles.models import Claim, Contribution, Role

HISTORY_DAYS = 360  # spread of claim dates; contributions stay within the 366-day window
REGION_SHAPE = (5, 4, 5)  # countries, states per country, districts per state


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
        return Claim.Status.ACTIVE
    return (Claim.Status.COMPLETED, Claim.Status.VERIFIED, Claim.Status.RELEASED,
            Claim.Status.EXPIRED, Claim.Status.VERIFIED)[(c // 3) % 5]


def plan_capacity(plan: Plan) -> None:
    """Weekly capacity per volunteer: 8 h, raised where their active claims need more."""
    held = [0] * plan.sizes.volunteers
    for c in range(plan.sizes.claims):
        if claim_status(plan, c) == Claim.Status.ACTIVE:
            held[claim_volunteer(plan, c)] += plan.role_hours[c % plan.sizes.roles]
    if max(held, default=0) > CAPACITY_MAX_HOURS:  # the profile's check constraint
        raise ValueError("Too many roles per volunteer: add --volunteers or lower --roles.")
    plan.capacity = [max(8, h) for h in held]
