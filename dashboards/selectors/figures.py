"""Set-based computations of the dashboard figures from the raw rows (read-only).

Every function here is a handful of aggregate queries (`GROUP BY`, window functions), never a
Python loop over raw rows; the services write what these return into the roll-up tables.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from initiatives.access import open_data_q
from people.models import Membership, User
from roles.models import Claim, Contribution, Proposal, Role, Verification

from .models import LEVEL_HOURS, Audience, Kind

GOAL_MARKS = (25, 50, 75, 100)  # percent of the goal worth a milestone
HELD = (Claim.Status.ACTIVE, Claim.Status.COMPLETED, Claim.Status.VERIFIED)
SCOPE_FIELD = {Kind.INITIATIVE: "id", Kind.ORGANIZATION: "organization_id",
               Kind.COLLECTIVE: "collective_id"}
# Path from each raw model to its initiative.
TO_INITIATIVE = {Contribution: "claim__role__initiative__", Claim: "role__initiative__",
                 Role: "initiative__", Proposal: "initiative__"}


def scope_q(kind: str, scope_id: int, audience: str, prefix: str = "") -> Q:
    """Rows of the scope; PUBLIC keeps only public, non-draft initiatives (open data)."""
    q = Q(**{prefix + SCOPE_FIELD[kind]: scope_id})
    if audience == Audience.PUBLIC:
        q &= open_data_q(prefix)
    return q


def _of(model, scope) -> Q:
    return scope_q(*scope, prefix=TO_INITIATIVE[model])


def _zero(values: dict) -> dict:
    return {k: (v if v is not None else 0) for k, v in values.items()}


def counted_work():
    """Contributions that count in progress totals (the rule lives in Contribution.COUNTED:
    sent-back and resubmitted work counts only once a peer verifies it)."""
    return Contribution.objects.filter(status__in=Contribution.COUNTED)


def work_totals(scope) -> dict:
    return _zero(counted_work().filter(_of(Contribution, scope)).aggregate(
        contributions=Count("id"), hours=Sum("hours"), micro_improvements=Sum("micro_improvements"),
    ))


def claim_totals(scope) -> dict:
    S = Claim.Status
    return _zero(Claim.objects.filter(_of(Claim, scope)).aggregate(
        active_claims=Count("id", filter=Q(status=S.ACTIVE)),
        completed_claims=Count("id", filter=Q(status=S.COMPLETED)),
        verified_claims=Count("id", filter=Q(status=S.VERIFIED)),
        volunteers=Count("volunteer", distinct=True, filter=Q(status__in=HELD)),
    ))


def role_totals(scope) -> dict:
    """Open: open roles with a free regular seat. Filled: roles with every regular seat held by
    an active claim (apprentice seats are apart). Proposed: roles that came from a volunteer's
    accepted proposal."""
    taken = Subquery(
        Claim.objects.filter(role=OuterRef("pk"), status=Claim.Status.ACTIVE,
                             kind=Claim.Kind.REGULAR)
        .values("role").annotate(n=Count("id")).values("n"), output_field=IntegerField(),
    )
    roles = (Role.objects.filter(_of(Role, scope)).exclude(status=Role.Status.DRAFT)
             .annotate(taken=Coalesce(taken, 0)))
    return _zero(roles.aggregate(
        roles_total=Count("id"),
        roles_open=Count("id", filter=Q(status=Role.Status.OPEN, taken__lt=F("seats"))),
        roles_filled=Count("id", filter=Q(taken__gte=F("seats"))),
        roles_from_proposals=Count("id", filter=Q(proposed_by__isnull=False)),
    ))


def daily(scope) -> list[dict]:
    """One row per day with work, plus the running total of micro-improvements."""
    rows = (counted_work().filter(_of(Contribution, scope)).values("date")
            .annotate(contributions=Count("id"), hours=Sum("hours"),
                      micro_improvements=Sum("micro_improvements"),
                      volunteers=Count("claim__volunteer", distinct=True))
            .order_by("date"))
    out, running = [], 0
    for row in rows:  # one aggregated row per day: the running sum is the chart's y-axis
        running += row["micro_improvements"] or 0
        out.append({"day": row["date"], "contributions": row["contributions"],
                    "hours": row["hours"] or Decimal(0),
                    "micro_improvements": row["micro_improvements"] or 0,
                    "volunteers": row["volunteers"], "cumulative_micro_improvements": running})
    return out


# A contribution's region is a country, a state or a district; these expressions name its
# ancestor at each level (or NULL), so one GROUP BY per level rolls districts up the tree.
_LEVEL = "region__level"
REGION_LEVELS = {
    "district": (Case(When(**{_LEVEL: "district"}, then=F("region_id"))),
                 Case(When(**{_LEVEL: "district"}, then=F("region__parent_id")))),
    "state": (Case(When(**{_LEVEL: "state"}, then=F("region_id")),
                   When(**{_LEVEL: "district"}, then=F("region__parent_id"))),
              Case(When(**{_LEVEL: "state"}, then=F("region__parent_id")),
                   When(**{_LEVEL: "district"}, then=F("region__parent__parent_id")))),
    "country": (Case(When(**{_LEVEL: "country"}, then=F("region_id")),
                     When(**{_LEVEL: "state"}, then=F("region__parent_id")),
                     When(**{_LEVEL: "district"}, then=F("region__parent__parent_id"))),
                None),
}


def region_totals(scope) -> list[dict]:
    """Per region at every level: totals and distinct volunteers (3 GROUP BY queries)."""
    base = counted_work().filter(_of(Contribution, scope), region__isnull=False)
    out = []
    for level, (rid, pid) in REGION_LEVELS.items():
        parent = pid if pid is not None else Value(None, output_field=BigIntegerField())
        rows = (base.annotate(rid=rid, pid=parent)
                .filter(rid__isnull=False).values("rid", "pid")
                .annotate(contributions=Count("id"), hours=Sum("hours"),
                          micro_improvements=Sum("micro_improvements"),
                          volunteers=Count("claim__volunteer", distinct=True)))
        out += [{**r, "level": level} for r in rows]
    return out


def region_days(scope) -> list[dict]:
    base = counted_work().filter(_of(Contribution, scope), region__isnull=False)
    out = []
    for rid, _pid in REGION_LEVELS.values():
        out += list(base.annotate(rid=rid).filter(rid__isnull=False).values("rid", "date")
                    .annotate(contributions=Count("id"), hours=Sum("hours"),
                              micro_improvements=Sum("micro_improvements")))
    return out


def volunteer_days(scope) -> list[dict]:
    return list(counted_work().filter(_of(Contribution, scope))
                .values("date", user_id=F("claim__volunteer_id"))
                .annotate(contributions=Count("id"), hours=Sum("hours"),
                          micro_improvements=Sum("micro_improvements")))


def verified_hours_q() -> Q:
    """Verified hours: a contribution a peer verified, or any on a claim a peer verified."""
    return Q(status=Contribution.Status.VERIFIED) | Q(claim__status=Claim.Status.VERIFIED)


def concentration(scope) -> dict:
    """Gini coefficient and top-10 % share of verified hours per volunteer, in one statement.

    Gini with volunteers sorted by hours ascending (rank i = 1..n, total T):
    G = 2·Σ(i·x_i) / (n·T) − (n + 1) / n. The top 10 % are the ceil(n/10) volunteers with most
    hours. Window functions rank the per-volunteer sums inside the database.
    """
    per = (Contribution.objects.filter(_of(Contribution, scope)).filter(verified_hours_q())
           .values(v=F("claim__volunteer_id")).annotate(h=Sum("hours")).values("v", "h"))
    sql, params = per.query.sql_with_params()
    ranked = (
        f"WITH per AS ({sql}), ranked AS ("  # noqa: S608 (sql is Django's, params are bound)
        " SELECT h, ROW_NUMBER() OVER (ORDER BY h, v) AS up,"
        " ROW_NUMBER() OVER (ORDER BY h DESC, v) AS down, COUNT(*) OVER () AS n FROM per)"
        " SELECT MAX(n), SUM(h), SUM(up * h),"
        " SUM(CASE WHEN down <= (n + 9) / 10 THEN h ELSE 0 END) FROM ranked"
    )
    with connection.cursor() as cursor:
        cursor.execute(ranked, params)
        n, total, weighted, top = cursor.fetchone()
    return gini_from_sums(n or 0, total, weighted, top)


def gini_from_sums(n: int, total, weighted, top) -> dict:
    if not n or not total:
        return {"verified_volunteers": n or 0, "gini": None, "top10_share": None}
    total, weighted, top = float(total), float(weighted), float(top)
    gini = 2 * weighted / (n * total) - (n + 1) / n
    return {"verified_volunteers": n, "gini": round(max(gini, 0.0), 6),
            "top10_share": round(top / total, 6)}


def gini(values: list[float]) -> float | None:
    """The same formula on a plain list: the tests' independent check and small helpers."""
    xs = sorted(float(x) for x in values)
    n, total = len(xs), sum(xs)
    if not n or not total:
        return None
    return 2 * sum((i + 1) * x for i, x in enumerate(xs)) / (n * total) - (n + 1) / n


def participation(scope) -> dict:
    """Participants: anyone who claimed a role, proposed something or verified work in the
    scope. Role holders: those who hold or held a seat (active, completed or verified)."""
    claims = Claim.objects.filter(_of(Claim, scope))
    props = Proposal.objects.filter(_of(Proposal, scope))
    checks = Verification.objects.filter(
        Q(claim__in=claims) | Q(contribution__claim__in=claims)
    )
    participants = User.objects.filter(
        Exists(claims.filter(volunteer=OuterRef("pk")))
        | Exists(props.filter(author=OuterRef("pk")))
        | Exists(checks.filter(verifier=OuterRef("pk")))
    ).count()
    holders = claims.filter(status__in=HELD).aggregate(n=Count("volunteer", distinct=True))["n"]
    return {"participants": participants, "role_holders": holders}


def capabilities(scope, mentorships: int = 0) -> dict:
    """Filled roles (with a seat held now or before) per leadership capability; mentoring an
    apprentice is relating, so each mentorship adds one to "relating"."""
    held = Claim.objects.filter(role=OuterRef("pk"), status__in=HELD)
    rows = (Role.objects.filter(_of(Role, scope)).filter(Exists(held))
            .values("capability").annotate(n=Count("id")).order_by("capability"))
    caps = {r["capability"]: r["n"] for r in rows}
    if mentorships:
        caps["relating"] = caps.get("relating", 0) + mentorships
    return caps


def mentorships(scope) -> int:
    """Apprentice claims (active, completed or verified) in the scope: each pairs a newcomer
    with a mentor."""
    return Claim.objects.filter(_of(Claim, scope), kind=Claim.Kind.APPRENTICE,
                                status__in=HELD).count()


def boundary_spanners(scope) -> int:
    """Volunteers holding (or having held) roles in two or more organizations of the scope."""
    return (Claim.objects.filter(_of(Claim, scope), status__in=HELD).values("volunteer")
            .annotate(orgs=Count("organization", distinct=True)).filter(orgs__gte=2).count())


def orchestrator_load(scope) -> dict:
    from initiatives.models import Initiative

    org_ids = Initiative.objects.filter(scope_q(*scope)).values("organization_id")
    orchestrators = (Membership.objects.filter(organization_id__in=org_ids,
                                               level__in=Membership.MANAGING)
                     .aggregate(n=Count("user", distinct=True))["n"])
    pending = (Claim.objects.filter(_of(Claim, scope), status=Claim.Status.COMPLETED).count()
               + Contribution.objects.filter(_of(Contribution, scope),
                                             status__in=Contribution.AWAITING_PEER).count())
    return {"orchestrators": orchestrators, "pending_verifications": pending}


def volunteer_totals(user_ids) -> list[dict]:
    """Each volunteer's own numbers across every organization (two GROUP BY queries)."""
    counted = Q(status__in=Contribution.COUNTED)
    work = {r["v"]: r for r in Contribution.objects.filter(claim__volunteer_id__in=user_ids)
            .values(v=F("claim__volunteer_id")).annotate(
                # verified_hours first: after `hours=` the name would mean the annotation.
                verified_hours=Coalesce(Sum("hours", filter=verified_hours_q()), Decimal(0)),
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




def level_for(verified_hours) -> int:
    return sum(1 for h in LEVEL_HOURS if verified_hours >= h)
