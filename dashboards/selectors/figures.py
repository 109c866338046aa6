"""The dashboard figures of one scope, computed from the raw rows (read-only).

Only the roll-up services call these: pages and the API read the roll-up tables, never raw
rows. Every function is a handful of aggregate queries (`GROUP BY`, window functions), never
a Python loop over raw rows. The set-based full roll-up (`services/statements.py`) computes
the same figures for every scope at once; its SQL mirrors the rules used here
(`services/sql.py`), and tests check the two paths write identical tables.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from dashboards.models import Audience, Kind
from initiatives.access import open_data_q
from initiatives.models import Initiative, Region
from roles.models import Claim, Contribution, Proposal, Role

# Claims that hold or held a seat: role holders, volunteers, mentorships, capabilities.
HELD = (Claim.Status.ACTIVE, Claim.Status.COMPLETED, Claim.Status.VERIFIED)
SCOPE_FIELD = {Kind.INITIATIVE: "id", Kind.ORGANIZATION: "organization_id",
               Kind.COLLECTIVE: "collective_id"}
# (kind, scope id, audience): one scope of the roll-up tables.
Scope = tuple[str, int, str]
# Path from each raw model to its initiative.
TO_INITIATIVE = {Contribution: "claim__role__initiative__", Claim: "role__initiative__",
                 Role: "initiative__", Proposal: "initiative__"}


def scope_q(kind: str, scope_id: int, audience: str, prefix: str = "") -> Q:
    """Rows of the scope; PUBLIC keeps only public, non-draft initiatives (open data)."""
    q = Q(**{prefix + SCOPE_FIELD[kind]: scope_id})
    if audience == Audience.PUBLIC:
        q &= open_data_q(prefix)
    return q


def of(model, scope: Scope) -> Q:
    """Rows of `model` (a raw model in TO_INITIATIVE) inside the scope."""
    return scope_q(*scope, prefix=TO_INITIATIVE[model])


def _zero(values: dict) -> dict:
    return {k: (v if v is not None else 0) for k, v in values.items()}


def counted_q(prefix: str = "") -> Q:
    """Contributions that count in every figure (the rule lives in Contribution.COUNTED:
    verified by a peer)."""
    return Q(**{f"{prefix}status__in": Contribution.COUNTED})


def awaiting_q() -> Q:
    """Contributions waiting for a peer: shown beside the figures, never added in."""
    return Q(status__in=Contribution.AWAITING_PEER)


def counted_work():
    return Contribution.objects.filter(counted_q())


def work_totals(scope: Scope) -> dict:
    """Counted work, and beside it the work awaiting a peer (one query)."""
    # awaiting_* first: after `micro_improvements=` the name would mean the aggregate.
    return _zero(Contribution.objects.filter(of(Contribution, scope)).aggregate(
        awaiting_contributions=Count("id", filter=awaiting_q()),
        awaiting_micro_improvements=Sum("micro_improvements", filter=awaiting_q()),
        contributions=Count("id", filter=counted_q()),
        hours=Sum("hours", filter=counted_q()),
        micro_improvements=Sum("micro_improvements", filter=counted_q()),
    ))


WORK = ("awaiting_contributions", "awaiting_micro_improvements", "contributions", "hours",
        "micro_improvements")


def work_of_days(daily_rows: list[dict]) -> dict:
    """`work_totals` from the scope's `daily` rows (every counted or awaiting contribution is
    in one day's row): the per-scope recompute reads the work once."""
    return {name: sum((row[name] for row in daily_rows), Decimal(0) if name == "hours" else 0)
            for name in WORK}


def claim_totals(scope: Scope) -> dict:
    S = Claim.Status
    return _zero(Claim.objects.filter(of(Claim, scope)).aggregate(
        active_claims=Count("id", filter=Q(status=S.ACTIVE)),
        completed_claims=Count("id", filter=Q(status=S.COMPLETED)),
        verified_claims=Count("id", filter=Q(status=S.VERIFIED)),
        volunteers=Count("volunteer", distinct=True, filter=Q(status__in=HELD)),
    ))


def role_totals(scope: Scope) -> dict:
    """Open: open roles with a free regular seat. Filled: roles with every regular seat held by
    an active claim (apprentice seats are apart). Proposed: roles that came from a volunteer's
    accepted proposal. Seats taken: `RoleQuerySet.with_seats`."""
    roles = (Role.objects.filter(of(Role, scope)).exclude(status=Role.Status.DRAFT)
             .with_seats())
    return _zero(roles.aggregate(
        roles_total=Count("id"),
        roles_open=Count("id", filter=Q(status=Role.Status.OPEN, seats_taken__lt=F("seats"))),
        roles_filled=Count("id", filter=Q(seats_taken__gte=F("seats"))),
        roles_from_proposals=Count("id", filter=Q(proposed_by__isnull=False)),
    ))


def counted_or_awaiting():
    """The work a figure counts, and the work shown beside it (awaiting a peer)."""
    return Contribution.objects.filter(counted_q() | awaiting_q())


def daily(scope: Scope) -> list[dict]:
    """One row per day with counted or awaiting work, plus the running total of counted
    micro-improvements; work awaiting a peer stays beside (never in) the figures."""
    counted, awaiting = counted_q(), awaiting_q()
    rows = (counted_or_awaiting().filter(of(Contribution, scope)).values("date")
            .annotate(awaiting_contributions=Count("id", filter=awaiting),
                      awaiting_micro_improvements=Sum("micro_improvements", filter=awaiting),
                      contributions=Count("id", filter=counted),
                      hours=Sum("hours", filter=counted),
                      micro_improvements=Sum("micro_improvements", filter=counted),
                      volunteers=Count("claim__volunteer", distinct=True, filter=counted))
            .order_by("date"))
    out, running = [], 0
    for row in rows:  # one aggregated row per day: the running sum is the chart's y-axis
        running += row["micro_improvements"] or 0
        out.append({"day": row["date"], "contributions": row["contributions"],
                    "hours": row["hours"] or Decimal(0),
                    "micro_improvements": row["micro_improvements"] or 0,
                    "volunteers": row["volunteers"], "cumulative_micro_improvements": running,
                    "awaiting_contributions": row["awaiting_contributions"],
                    "awaiting_micro_improvements": row["awaiting_micro_improvements"] or 0})
    return out


# A contribution's region is a country, a state or a district; these expressions name its
# ancestor at each level (or NULL), so one GROUP BY per level rolls districts up the tree.
_LEVEL = "region__level"
_COUNTRY, _STATE, _DISTRICT = Region.Level.COUNTRY, Region.Level.STATE, Region.Level.DISTRICT
REGION_LEVELS = {
    _DISTRICT: (Case(When(**{_LEVEL: _DISTRICT}, then=F("region_id"))),
                Case(When(**{_LEVEL: _DISTRICT}, then=F("region__parent_id")))),
    _STATE: (Case(When(**{_LEVEL: _STATE}, then=F("region_id")),
                  When(**{_LEVEL: _DISTRICT}, then=F("region__parent_id"))),
             Case(When(**{_LEVEL: _STATE}, then=F("region__parent_id")),
                  When(**{_LEVEL: _DISTRICT}, then=F("region__parent__parent_id")))),
    _COUNTRY: (Case(When(**{_LEVEL: _COUNTRY}, then=F("region_id")),
                    When(**{_LEVEL: _STATE}, then=F("region__parent_id")),
                    When(**{_LEVEL: _DISTRICT}, then=F("region__parent__parent_id"))),
               None),
}


def region_totals(scope: Scope, regions=None) -> list[dict]:
    """Per region at every level: totals and distinct volunteers, and beside them the work
    awaiting a peer (3 GROUP BY queries). A region with awaiting work only gets a row too.
    Only the given region ids when `regions` is set (the per-write roll-up)."""
    base = counted_or_awaiting().filter(of(Contribution, scope), region__isnull=False)
    counted, awaiting = counted_q(), awaiting_q()
    only = Q() if regions is None else Q(rid__in=regions)
    out = []
    for level, (rid, pid) in REGION_LEVELS.items():
        parent = pid if pid is not None else Value(None, output_field=BigIntegerField())
        rows = (base.annotate(rid=rid, pid=parent)
                .filter(only, rid__isnull=False).values("rid", "pid")
                .annotate(awaiting_contributions=Count("id", filter=awaiting),
                          awaiting_micro_improvements=Coalesce(
                              Sum("micro_improvements", filter=awaiting), 0),
                          contributions=Count("id", filter=counted),
                          hours=Coalesce(Sum("hours", filter=counted), Decimal(0)),
                          micro_improvements=Coalesce(
                              Sum("micro_improvements", filter=counted), 0),
                          volunteers=Count("claim__volunteer", distinct=True, filter=counted)))
        out += [{**r, "level": level} for r in rows]
    return out


def ancestors(level: str, region_id, parent_id, grandparent_id) -> list:
    """`REGION_LEVELS` for one contribution's region: the region ids it counts in, at its
    own level and every level above (district, state, country)."""
    return {_DISTRICT: [region_id, parent_id, grandparent_id],
            _STATE: [region_id, parent_id], _COUNTRY: [region_id]}.get(level, [])


def _organizations(scopes: list[Scope]) -> list[int]:
    """The organizations whose work the scopes count: a contribution's `organization_id` is
    its initiative's organization (the tenancy column, set from the claim), so the
    (organization, date) index reaches a scope's work of a day without the scope's joins."""
    orgs = {scope_id for kind, scope_id, _ in scopes if kind == Kind.ORGANIZATION}
    collectives = [scope_id for kind, scope_id, _ in scopes if kind == Kind.COLLECTIVE]
    if collectives:
        orgs |= set(Initiative.objects.filter(collective_id__in=collectives)
                    .values_list("organization_id", flat=True).distinct())
    return sorted(orgs)


def scopes_of_initiatives(scopes: list[Scope], initiative_ids) -> dict[int, list[Scope]]:
    """Which of `scopes` count each initiative: `scope_q` itself, read as one boolean per
    scope in one query (a row's scopes are its initiative's)."""
    names = [f"in{i}" for i in range(len(scopes))]
    rows = Initiative.objects.filter(pk__in=set(initiative_ids)).annotate(**{
        name: ExpressionWrapper(scope_q(*scope), output_field=BooleanField())
        for name, scope in zip(names, scopes, strict=True)}).values_list("id", *names)
    return {row[0]: [s for s, flag in zip(scopes, row[1:], strict=True) if flag]
            for row in (rows if scopes and initiative_ids else [])}


def day_work(scopes: list[Scope], days) -> list[dict]:
    """Counted work of the scopes on `days`, one dict per contribution (date, region_id,
    hours, micro_improvements, volunteer_id, `scopes`: the scopes counting it).

    Four single-table reads by index (the day's work of the scopes' organizations, then its
    claims, roles and initiatives by primary key), joined here: the planner never hashes a
    whole claims or roles table for a day's few hundred rows. Which scopes count a row is
    `scope_q` itself, read as one boolean per scope."""
    if not scopes or not days:
        return []
    work = list(counted_work().filter(organization_id__in=_organizations(scopes),
                                      date__in=days).order_by()
                .values("claim_id", "date", "region_id", "hours", "micro_improvements"))
    claims = {c: (v, r) for c, v, r in Claim.objects.filter(
        pk__in={w["claim_id"] for w in work}).values_list("id", "volunteer_id", "role_id")}
    roles = dict(Role.objects.filter(pk__in={r for _, r in claims.values()})
                 .values_list("id", "initiative_id"))
    inside = scopes_of_initiatives(scopes, set(roles.values()))
    out = []
    for w in work:
        volunteer_id, role_id = claims[w["claim_id"]]
        counting = inside[roles[role_id]]
        if counting:
            out.append({**w, "volunteer_id": volunteer_id, "scopes": counting})
    return out


def region_work(scope: Scope, days, user_ids, on_days: list[dict] | None = None
                ) -> tuple[list[dict], list[dict]]:
    """`region_days(scope, days)` and `region_volunteers(scope, user_ids)` for the per-write
    roll-up: the region days from `day_work` (`on_days`, when already read), the volunteers'
    rows from one GROUP BY over their own work (indexed by volunteer), both rolled up the
    region tree here."""
    per_day: dict = {}
    rows = [w for w in (day_work([scope], days) if on_days is None else on_days)
            if w["region_id"] is not None and scope in w["scopes"]]
    tree = {r[0]: r for r in Region.objects.filter(pk__in={w["region_id"] for w in rows})
            .values_list("id", "level", "parent_id", "parent__parent_id")} if rows else {}
    for w in rows:
        _, level, parent, grandparent = tree[w["region_id"]]
        for rid in ancestors(level, w["region_id"], parent, grandparent):
            if rid is None:
                continue
            d = per_day.setdefault((rid, w["date"]), {
                "rid": rid, "date": w["date"], "contributions": 0, "hours": Decimal(0),
                "micro_improvements": 0})
            d["contributions"] += 1
            d["hours"] += w["hours"]
            d["micro_improvements"] += w["micro_improvements"]
    return list(per_day.values()), _volunteers_work(scope, user_ids)


def _volunteers_work(scope: Scope, user_ids) -> list[dict]:
    """`region_volunteers(scope, user_ids)` from one GROUP BY per region and volunteer."""
    if not user_ids:
        return []
    counted, awaiting = counted_q(), awaiting_q()
    rows = (counted_or_awaiting()
            .filter(of(Contribution, scope), claim__volunteer_id__in=user_ids,
                    region__isnull=False)
            .values("region_id", level=F("region__level"), parent=F("region__parent_id"),
                    grandparent=F("region__parent__parent_id"),
                    user_id=F("claim__volunteer_id"))
            .annotate(n=Count("id", filter=counted), aw_n=Count("id", filter=awaiting),
                      aw_mi=Sum("micro_improvements", filter=awaiting))
            .order_by())
    per_volunteer: dict = {}
    for r in rows:
        for rid in ancestors(r["level"], r["region_id"], r["parent"], r["grandparent"]):
            if rid is None:
                continue
            v = per_volunteer.setdefault((rid, r["user_id"]), {
                "rid": rid, "user_id": r["user_id"], "contributions": 0,
                "awaiting_contributions": 0, "awaiting_micro_improvements": 0})
            v["contributions"] += r["n"]
            v["awaiting_contributions"] += r["aw_n"]
            v["awaiting_micro_improvements"] += r["aw_mi"] or 0
    return list(per_volunteer.values())


def volunteer_days_of(scope: Scope, days, user_ids, on_days: list[dict] | None = None
                      ) -> list[dict]:
    """`volunteer_days(scope, days, user_ids)` from `day_work` (`on_days`, when already read):
    the per-write roll-up's volunteer days without another read of the scope's work."""
    per: dict = {}
    for w in (day_work([scope], days) if on_days is None else on_days):
        if scope in w["scopes"] and w["volunteer_id"] in user_ids:
            row = per.setdefault((w["date"], w["volunteer_id"]), {
                "date": w["date"], "user_id": w["volunteer_id"], "contributions": 0,
                "hours": Decimal(0), "micro_improvements": 0})
            row["contributions"] += 1
            row["hours"] += w["hours"]
            row["micro_improvements"] += w["micro_improvements"]
    return list(per.values())


def day_volunteers_of(scopes: list[Scope], days, on_days: list[dict] | None = None) -> dict:
    """Distinct volunteers with counted work per day, for the given days and several scopes:
    {scope: {day: distinct volunteers}} (the scopes above one initiative, on its changed
    days), from `day_work` (`on_days`, when already read)."""
    out: dict = {scope: {} for scope in scopes}
    seen: dict = {}
    for w in (day_work(scopes, days) if on_days is None else on_days):
        for scope in w["scopes"]:
            seen.setdefault((scope, w["date"]), set()).add(w["volunteer_id"])
    for (scope, day), people in seen.items():
        if scope in out:
            out[scope][day] = len(people)
    return out


def region_volunteers(scope: Scope, user_ids=None) -> list[dict]:
    """Per region (every level) and volunteer: counted contributions, and beside them the work
    awaiting a peer (3 GROUP BY queries). Only the given volunteers when `user_ids` is set
    (the per-write roll-up: the volunteers whose work changed)."""
    base = counted_or_awaiting().filter(of(Contribution, scope), region__isnull=False)
    if user_ids is not None:
        base = base.filter(claim__volunteer_id__in=user_ids)
    counted, awaiting = counted_q(), awaiting_q()
    out = []
    for rid, _pid in REGION_LEVELS.values():
        out += list(base.annotate(rid=rid).filter(rid__isnull=False)
                    .values("rid", user_id=F("claim__volunteer_id"))
                    .annotate(awaiting_contributions=Count("id", filter=awaiting),
                              awaiting_micro_improvements=Coalesce(
                                  Sum("micro_improvements", filter=awaiting), 0),
                              contributions=Count("id", filter=counted)))
    return out


def recent_work(contributions):
    """The collective feed's rule: verified work with micro-improvements, newest first."""
    return (contributions.filter(status=Contribution.Status.VERIFIED, micro_improvements__gt=0)
            .order_by("-date", "-id"))


def public_work_of_collective(collective_id: int):
    """Contributions to a collective's public, non-draft initiatives (open data)."""
    return Contribution.objects.filter(of(Contribution, (Kind.COLLECTIVE, collective_id,
                                                         Audience.PUBLIC)))


def _on(days) -> Q:
    """Only work dated on `days` (None: every day): the per-write roll-up's touched days."""
    return Q() if days is None else Q(date__in=days)


def region_days(scope: Scope, days=None) -> list[dict]:
    base = counted_work().filter(of(Contribution, scope), _on(days), region__isnull=False)
    out = []
    for rid, _pid in REGION_LEVELS.values():
        out += list(base.annotate(rid=rid).filter(rid__isnull=False).values("rid", "date")
                    .annotate(contributions=Count("id"), hours=Sum("hours"),
                              micro_improvements=Sum("micro_improvements")))
    return out


def volunteer_days(scope: Scope, days=None, user_ids=None) -> list[dict]:
    only = Q() if user_ids is None else Q(claim__volunteer_id__in=user_ids)
    return list(counted_work().filter(of(Contribution, scope), _on(days), only)
                .values("date", user_id=F("claim__volunteer_id"))
                .annotate(contributions=Count("id"), hours=Sum("hours"),
                          micro_improvements=Sum("micro_improvements")))


def volunteer_totals(user_ids) -> list[dict]:
    """Each volunteer's own numbers across every organization (two GROUP BY queries)."""
    counted = counted_q()
    work = {r["v"]: r for r in Contribution.objects.filter(claim__volunteer_id__in=user_ids)
            .values(v=F("claim__volunteer_id")).annotate(
                # verified_hours first: after `hours=` the name would mean the annotation.
                # (The counting rule: verified hours are the counted hours.)
                verified_hours=Coalesce(Sum("hours", filter=counted), Decimal(0)),
                contributions=Count("id", filter=counted),
                hours=Sum("hours", filter=counted),
                micro_improvements=Sum("micro_improvements", filter=counted))}
    claims = (Claim.objects.filter(volunteer_id__in=user_ids, status__in=HELD)
              .values(v=F("volunteer_id")).annotate(
                  roles_held=Count("id"),
                  verified_claims=Count("id", filter=Q(status=Claim.Status.VERIFIED)),
                  initiatives=Count("role__initiative", distinct=True)))
    out = []
    for row in claims:  # one aggregated row per volunteer
        w = work.get(row["v"], {})
        out.append({"user_id": row["v"], "roles_held": row["roles_held"],
                    "verified_claims": row["verified_claims"], "initiatives": row["initiatives"],
                    "contributions": w.get("contributions", 0),
                    "hours": w.get("hours") or Decimal(0),
                    "micro_improvements": w.get("micro_improvements") or 0,
                    "verified_hours": w.get("verified_hours") or Decimal(0)})
    return out

