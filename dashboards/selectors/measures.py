"""The distributed-leadership measures of one scope, computed from the raw rows (read-only).

Like `figures`, only the roll-up services call these; the set-based full roll-up computes the
same measures for every scope (`services/statements.py` MEASURE_INPUTS) and leaves the Gini
arithmetic to `gini_from_sums`, so both paths round alike.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Sum

from dashboards.selectors.figures import HELD, Scope, counted_work, of, scope_q
from initiatives.models import Initiative
from people.models import Membership
from roles.models import Capability, Claim, Contribution, Proposal, Role, Verification


def concentration(scope: Scope) -> dict:
    """Gini coefficient and top-10 % share of verified hours per volunteer, in one statement.

    Gini with volunteers sorted by hours ascending (rank i = 1..n, total T):
    G = 2·Σ(i·x_i) / (n·T) − (n + 1) / n. The top 10 % are the ceil(n/10) volunteers with most
    hours. Window functions rank the per-volunteer sums inside the database.
    """
    per = (counted_work().filter(of(Contribution, scope))
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


def participation(scope: Scope) -> dict:
    """Participants: anyone who claimed a role, proposed something or verified work in the
    scope. Role holders: those who hold or held a seat (active, completed or verified)."""
    claims = Claim.objects.filter(of(Claim, scope))
    # One UNION of the people ids (each part an indexed join from the scope), not a scan of
    # every user testing three EXISTS: the cost follows the scope, not the user table.
    # (No ORDER BY in the parts: SQLite refuses it inside a compound statement.)
    people = claims.order_by().values("volunteer_id").union(
        Proposal.objects.filter(of(Proposal, scope)).order_by().values("author_id"),
        Verification.objects.filter(claim__in=claims).order_by().values("verifier_id"),
        Verification.objects.filter(contribution__claim__in=claims).order_by()
        .values("verifier_id"))
    participants = people.count()
    holders = claims.filter(status__in=HELD).aggregate(n=Count("volunteer", distinct=True))["n"]
    return {"participants": participants, "role_holders": holders}


def capabilities(scope: Scope, mentorships: int = 0) -> dict:
    """Filled roles (with a seat held now or before) per leadership capability; mentoring an
    apprentice is relating, so each mentorship adds one to "relating"."""
    held = Claim.objects.filter(role=OuterRef("pk"), status__in=HELD)
    rows = (Role.objects.filter(of(Role, scope)).filter(Exists(held))
            .values("capability").annotate(n=Count("id")).order_by("capability"))
    caps = {r["capability"]: r["n"] for r in rows}
    if mentorships:
        relating = Capability.RELATING.value
        caps[relating] = caps.get(relating, 0) + mentorships
    return caps


def mentorships(scope: Scope) -> int:
    """Apprentice claims (active, completed or verified) in the scope: each pairs a newcomer
    with a mentor."""
    return Claim.objects.filter(of(Claim, scope), kind=Claim.Kind.APPRENTICE,
                                status__in=HELD).count()


def boundary_spanners(scope: Scope) -> int:
    """Volunteers holding (or having held) roles in two or more organizations of the scope."""
    return (Claim.objects.filter(of(Claim, scope), status__in=HELD).values("volunteer")
            .annotate(orgs=Count("organization", distinct=True)).filter(orgs__gte=2).count())


def orchestrator_load(scope: Scope) -> dict:
    org_ids = Initiative.objects.filter(scope_q(*scope)).values("organization_id")
    orchestrators = (Membership.objects.filter(organization_id__in=org_ids,
                                               level__in=Membership.MANAGING)
                     .aggregate(n=Count("user", distinct=True))["n"])
    pending = (Claim.objects.filter(of(Claim, scope), status=Claim.Status.COMPLETED).count()
               + Contribution.objects.filter(of(Contribution, scope),
                                             status__in=Contribution.AWAITING_PEER).count())
    return {"orchestrators": orchestrators, "pending_verifications": pending}
