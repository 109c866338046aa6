"""The dashboard figures of one scope, computed from the raw rows (read-only).

Only the roll-up services call these: pages and the API read the roll-up tables, never raw
rows. Every function is a handful of aggregate queries (`GROUP BY`, window functions), never
a Python loop over raw rows. The set-based full roll-up (`services/statements.py`) computes
the same figures for every scope at once; its SQL mirrors the rules used here
(`services/sql.py`), and tests check the two paths write identical tables.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import BigIntegerField, Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from dashboards.models import Audience, Kind
from initiatives.access import open_data_q
from initiatives.models import Region
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


def region_work(scope: Scope, days, user_ids) -> tuple[list[dict], list[dict]]:
    """`region_days(scope, days)` and `region_volunteers(scope, user_ids)` from one GROUP BY
    (per region, day and volunteer, over the work either needs), rolled up the region tree
    here: the per-write roll-up's two region reads in one statement."""
    counted, awaiting = counted_q(), awaiting_q()
    rows = (counted_or_awaiting()
            .filter(of(Contribution, scope), Q(date__in=days) | Q(claim__volunteer_id__in=user_ids),
                    region__isnull=False)
            .values("region_id", "date", level=F("region__level"),
                    parent=F("region__parent_id"), grandparent=F("region__parent__parent_id"),
                    user_id=F("claim__volunteer_id"))
            .annotate(n=Count("id", filter=counted), h=Sum("hours", filter=counted),
                      mi=Sum("micro_improvements", filter=counted),
                      aw_n=Count("id", filter=awaiting),
                      aw_mi=Sum("micro_improvements", filter=awaiting))
            .order_by())
    days, user_ids = set(days), set(user_ids)
    per_day: dict = {}
    per_volunteer: dict = {}
    for r in rows:
        for rid in ancestors(r["level"], r["region_id"], r["parent"], r["grandparent"]):
            if rid is None:
                continue
            if r["date"] in days and r["n"]:
                d = per_day.setdefault((rid, r["date"]), {
                    "rid": rid, "date": r["date"], "contributions": 0, "hours": Decimal(0),
                    "micro_improvements": 0})
                d["contributions"] += r["n"]
                d["hours"] += r["h"] or 0
                d["micro_improvements"] += r["mi"] or 0
            if r["user_id"] in user_ids:
                v = per_volunteer.setdefault((rid, r["user_id"]), {
                    "rid": rid, "user_id": r["user_id"], "contributions": 0,
                    "awaiting_contributions": 0, "awaiting_micro_improvements": 0})
                v["contributions"] += r["n"]
                v["awaiting_contributions"] += r["aw_n"]
                v["awaiting_micro_improvements"] += r["aw_mi"] or 0
    return list(per_day.values()), list(per_volunteer.values())


def day_volunteers_of(scopes: list[Scope], days) -> dict:
    """Distinct volunteers with counted work per day, for the given days and several scopes in
    one query: {scope: {day: distinct volunteers}}
    (the scopes above one initiative, on its changed days)."""
    out: dict = {scope: {} for scope in scopes}
    if not scopes or not days:
        return out
    names = {f"n{i}": scope for i, scope in enumerate(scopes)}
    either = Q()
    for scope in scopes:
        either |= of(Contribution, scope)
    rows = (counted_work().filter(either, date__in=days).values("date")
            .annotate(**{name: Count("claim__volunteer", distinct=True,
                                     filter=of(Contribution, scope))
                         for name, scope in names.items()}).order_by())
    for row in rows:
        for name, scope in names.items():
            out[scope][row["date"]] = row[name]
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

