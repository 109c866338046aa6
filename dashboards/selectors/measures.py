"""The distributed-leadership measures of one scope, computed from the raw rows (read-only).

Like `figures`, only the roll-up services call these; the set-based full roll-up computes the
same measures for every scope (`services/statements.py` MEASURE_INPUTS) and leaves the Gini
arithmetic to `gini_from_sums`, so both paths round alike.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from dashboards.selectors.figures import (
    HELD,
    Scope,
    counted_work,
    of,
    scope_q,
    scopes_of_initiatives,
)
from initiatives.models import Initiative
from people.models import Membership
from roles.models import Capability, Claim, Contribution, Proposal, Role, Verification

# Gini and top-10 % of `per` (one row per volunteer: v, h), ranked inside the database.
RANKED = (
    # One sort: the top tenth are the last ceil(n/10) ranks (ties hold equal hours, so which
    # of them rank last does not change the sum).
    "WITH per AS ({per}), ranked AS ("
    " SELECT h, ROW_NUMBER() OVER (ORDER BY h, v) AS up, COUNT(*) OVER () AS n FROM per)"
    " SELECT MAX(n), SUM(h), SUM(up * h),"
    " SUM(CASE WHEN up > n - (n + 9) / 10 THEN h ELSE 0 END) FROM ranked"
)


def concentration(scope: Scope) -> dict:
    """Gini coefficient and top-10 % share of verified hours per volunteer, in one statement.

    Gini with volunteers sorted by hours ascending (rank i = 1..n, total T):
    G = 2·Σ(i·x_i) / (n·T) − (n + 1) / n. The top 10 % are the ceil(n/10) volunteers with most
    hours. Window functions rank the per-volunteer sums inside the database.
    """
    per = (counted_work().filter(of(Contribution, scope))
           .values(v=F("claim__volunteer_id")).annotate(h=Sum("hours")).values("v", "h"))
    sql, params = per.query.sql_with_params()
    return concentration_of(sql, params)


def concentration_of(per_sql: str, params) -> dict:
    """`concentration` of any per-volunteer sums (columns v, h), e.g. the ScopePerson rows."""
    with connection.cursor() as cursor:
        cursor.execute(RANKED.format(per=per_sql), params)
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


# Who takes part in an initiative: anyone who claimed one of its roles, proposed something in
# it, or verified a claim or work of it — as (model, the person's column, the path to the
# initiative's id). Every ORM reader of participants builds from this; the full fill's SQL form
# is `statements.TEMPS["people"]`, proven equal by tests/dashboards/test_deltas.py.
PARTICIPATION = (
    (Claim, "volunteer_id", "role__initiative_id"),
    (Proposal, "author_id", "initiative_id"),
    (Verification, "verifier_id", "claim__role__initiative_id"),
    (Verification, "verifier_id", "contribution__claim__role__initiative_id"),
)


def participation_union(where, *, columns=("person",), all=False):
    """One statement: the UNION of every `PARTICIPATION` part, each filtered by
    `where(person, path)` (a Q) and reading `columns` ("person", "initiative")."""
    # (No ORDER BY in the parts: SQLite refuses it inside a compound statement.)
    parts = [model.objects.filter(where(person, path)).order_by()
             .values_list(*({"person": person, "initiative": path}[c] for c in columns))
             for model, person, path in PARTICIPATION]
    return parts[0].union(*parts[1:], all=all)


def participant_ids(scope: Scope, user_ids=None):
    """Participants of the scope (`PARTICIPATION`; only among `user_ids` when given) as one
    UNION of people ids, one indexed join from the scope per part — the cost follows the scope,
    not the user table."""

    def where(person, path):
        inside = scope_q(*scope, prefix=path.removesuffix("id") + "_")
        return inside if user_ids is None else inside & Q(**{f"{person}__in": user_ids})

    return participation_union(where)


def participation(scope: Scope) -> dict:
    """Participants (`participant_ids`), and role holders: those who hold or held a seat
    (active, completed or verified)."""
    participants = participant_ids(scope).count()
    holders = (Claim.objects.filter(of(Claim, scope), status__in=HELD)
               .aggregate(n=Count("volunteer", distinct=True))["n"])
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


def scope_people_of(scopes: list[Scope], user_ids) -> dict[Scope, dict[int, dict]]:
    """`scope_people(scope, user_ids)` of several scopes (the scopes above one initiative):
    the people's own rows read once, each with its initiative — what they take part in
    (`PARTICIPATION`, one UNION), the claims they hold or held, and counted work per
    initiative, 3 queries by person — then sorted into the scopes counting their initiatives
    (`scopes_of_initiatives`: `scope_q` itself, one query)."""
    user_ids = list(user_ids)
    ini = "role__initiative_id"
    takes_part = list(participation_union(  # participants, as `participant_ids`
        lambda person, path: Q(**{f"{person}__in": user_ids}),
        columns=("person", "initiative")))
    held = list(Claim.objects.filter(volunteer_id__in=user_ids, status__in=HELD).order_by()
                .values_list("volunteer_id", ini).distinct())
    work = list(counted_work().filter(claim__volunteer_id__in=user_ids)
                .values_list("claim__volunteer_id", "claim__" + ini)
                .annotate(n=Count("id"), h=Sum("hours")).order_by())
    inside = scopes_of_initiatives(scopes, {i for _, i in takes_part if i})
    out: dict = {scope: {} for scope in scopes}
    for uid, initiative_id in takes_part:
        for scope in inside.get(initiative_id, ()):
            out[scope].setdefault(uid, {"participates": True, "holds": False,
                                        "contributions": 0, "hours": 0})
    for uid, initiative_id in held:
        for scope in inside.get(initiative_id, ()):
            out[scope][uid]["holds"] = True
    for uid, initiative_id, n, h in work:
        for scope in inside.get(initiative_id, ()):
            person = out[scope][uid]
            person["contributions"] += n
            person["hours"] += h
    return out


def scope_people(scope: Scope, user_ids=None) -> dict[int, dict]:
    """Per participant of the scope (only among `user_ids` when given): whether they hold or
    held a seat, and their counted work (3 queries). The `ScopePerson` rows."""
    people = {uid: {"participates": True, "holds": False, "contributions": 0, "hours": 0}
              for (uid,) in participant_ids(scope, user_ids)}
    claims = Claim.objects.filter(of(Claim, scope), status__in=HELD)
    work = counted_work().filter(of(Contribution, scope))
    if user_ids is not None:
        claims = claims.filter(volunteer_id__in=user_ids)
        work = work.filter(claim__volunteer_id__in=user_ids)
    for uid in claims.order_by().values_list("volunteer_id", flat=True).distinct():
        people[uid]["holds"] = True
    for row in work.values(v=F("claim__volunteer_id")).annotate(n=Count("id"), h=Sum("hours")):
        people[row["v"]].update(contributions=row["n"], hours=row["h"])
    return people
