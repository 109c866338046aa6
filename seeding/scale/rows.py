"""Row generators: one per table, tuples of strings in column order (NULL for SQL NULL), and
`TABLES`, the order they are loaded in (parents first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from django.db import models
from django.utils import timezone

from initiatives.models import Collective, CollectiveMembership, Initiative, Region
from people.models import Membership, Organization, User, VolunteerProfile
from roles.models import Capability, Claim, Contribution, Role
from seeding.scale.plan import (
    HISTORY_DAYS,
    REGION_SHAPE,
    Plan,
    claim_status,
    claim_volunteer,
    is_private,
)

NULL = r"\N"  # COPY's text-format NULL; turned into None for bulk_create
CAPABILITIES = tuple(Capability.values)
UNUSABLE_PASSWORD = "!seed-scale"  # noqa: S105  ("!" prefix: Django never accepts it)


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
            org, level = u // 2, (Membership.Level.OWNER, Membership.Level.ORCHESTRATOR)[u % 2]
        else:
            org, level = (u - 2 * orgs) % orgs, Membership.Level.MEMBER
        yield (str(plan.id("people_membership", u)), str(plan.id("people_user", u)),
               str(plan.id("people_organization", org)), level, ts)


def gen_regions(plan: Plan) -> Iterator[tuple]:
    """Country → state → district; districts are where initiatives and roles happen."""
    n = 0
    for c in range(REGION_SHAPE[0]):
        country = plan.id("initiatives_region", n)  # ids as _district_ids counts them
        yield (str(country), f"Country {c + 1}", f"{plan.prefix}-country-{c + 1}",
               Region.Level.COUNTRY, NULL)
        n += 1
        for s in range(REGION_SHAPE[1]):
            state = plan.id("initiatives_region", n)
            yield (str(state), f"State {c + 1}.{s + 1}", f"state-{s + 1}", Region.Level.STATE,
                   str(country))
            n += 1
            for d in range(REGION_SHAPE[2]):
                district = plan.id("initiatives_region", n)
                yield (str(district), f"District {c + 1}.{s + 1}.{d + 1}", f"district-{d + 1}",
                       Region.Level.DISTRICT, str(state))
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
               CollectiveMembership.Status.ACTIVE, ts, ts, NULL)
        n += 1


def gen_initiatives(plan: Plan) -> Iterator[tuple]:
    for i in range(plan.sizes.initiatives):
        org = plan.init_org[i]
        c = org_collective(plan, org)
        # Not-open initiatives are closed, not drafts: they have (past) claims.
        status = Initiative.Status.ACTIVE if plan.init_open[i] else Initiative.Status.CLOSED
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
        status = Role.Status.OPEN if plan.role_open[r] else Role.Status.CLOSED
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
               later if status in (Claim.Status.COMPLETED, Claim.Status.VERIFIED) else NULL,
               later if status == Claim.Status.VERIFIED else NULL,
               later if status in (Claim.Status.RELEASED, Claim.Status.EXPIRED) else NULL,
               NULL, "")


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
               # two in three verified by a peer (counted), one awaiting a peer (not counted)
               Contribution.Status.SUBMITTED if n % 3 == 2 else Contribution.Status.VERIFIED,
               created[day], created[day])


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
