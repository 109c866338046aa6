"""The people of an organization's or a collective's scope (`ScopePerson`), kept by the
per-write roll-up and filled whole by the reconciliation.

A scope's participants, role holders (its volunteers), verified volunteers, Gini and top-10 %
share are distinct or ranked figures: they do not add up from initiatives. Instead of recounting
the scope's raw rows on each write, the per-write roll-up recomputes the rows of the people the
changed initiative touches (an indexed read per person, whatever the size of the scope): the
distinct counts move by how many rows started or stopped counting, and Gini and top-10 % are
re-ranked from the scope's counted rows in index order (`figures_of`) only when someone's
counted work moved. A person counts while their row says so; a row exists while the person
takes part in the scope.
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from dashboards.models import ScopePerson
from dashboards.selectors import measures
from dashboards.selectors.figures import Scope
from dashboards.services import statements

FIELDS = ("participates", "holds", "contributions", "hours")


def _where(scope: Scope) -> dict:
    kind, scope_id, audience = scope
    return {"kind": kind, "scope_id": scope_id, "audience": audience}


def people_of_initiative(initiative_id: int) -> set[int]:
    """Everyone whose rows a change of this initiative may move: those who take part in it
    (`measures.PARTICIPATION`; people are only ever added to an initiative)."""
    union = measures.participation_union(lambda person, path: Q(**{path: initiative_id}))
    return {uid for (uid,) in union}


# The scope's distinct figures and the flag of a person's row each counts (`figures_of`).
COUNTED = {"participants": lambda row: row["participates"],
           "role_holders": lambda row: row["holds"],
           "verified_volunteers": lambda row: row["contributions"] > 0}


def refresh(scopes: list[Scope], user_ids, new: dict) -> dict:
    """Recompute these people's rows in the scopes (`new`: {scope: {user id: row}}, read by
    `measures.scope_people_of`), in one read and at most three writes for all the scopes.
    Per scope: None when no row changed; else the differences of its distinct figures
    (participants, role holders, verified volunteers: a person counts while their row says
    so) and `hours`: whether someone's counted work moved (the ranked figures, Gini and
    top-10 %, follow it)."""
    either = Q()
    for scope in scopes:
        either |= Q(**_where(scope))
    held: dict = {}
    for row in ScopePerson.objects.filter(either, user_id__in=list(user_ids)):
        held.setdefault((row.kind, row.scope_id, row.audience), {})[row.user_id] = row
    empty = dict.fromkeys(FIELDS, 0)
    changed, created, gone, out = [], [], [], {}
    for scope in scopes:
        old, now_rows = held.get(scope, {}), new.get(scope, {})
        moved = dict.fromkeys(COUNTED, 0) | {"hours": False}
        touched = False
        for uid in old.keys() | now_rows.keys():
            was = {n: getattr(old[uid], n) for n in FIELDS} if uid in old else empty
            now = now_rows.get(uid, empty)
            if all(was[n] == now[n] for n in FIELDS):
                continue
            touched = True
            for name, counts in COUNTED.items():
                moved[name] += bool(counts(now)) - bool(counts(was))
            moved["hours"] |= (was["hours"], was["contributions"]) != (now["hours"],
                                                                       now["contributions"])
            if uid not in now_rows:
                gone.append(old[uid].pk)
            elif uid in old:
                for name in FIELDS:
                    setattr(old[uid], name, now[name])
                changed.append(old[uid])
            else:
                created.append(ScopePerson(**_where(scope), user_id=uid, **now))
        out[scope] = moved if touched else None
    if gone:
        ScopePerson.objects.filter(pk__in=gone).delete()
    if changed:
        ScopePerson.objects.bulk_update(changed, FIELDS)
    if created:
        ScopePerson.objects.bulk_create(created)
    return out


def figures_of(scope: Scope, before=None, moved: dict | None = None) -> dict:
    """Participants, role holders, verified volunteers, Gini and top-10 % share of the scope,
    from its rows. With `before` (its LeadershipMeasure row) and `moved` (`refresh`'s), the
    counts move by their differences and the ranked figures are recomputed only when counted
    work moved, in one statement over the counted rows in index order (`scopeperson_ranked`:
    no sort); without, everything is read from the rows (two statements)."""
    rows = ScopePerson.objects.filter(**_where(scope))
    if before is not None and moved is not None:
        out = {name: getattr(before, name) + moved[name] for name in COUNTED}
        out.update(gini=before.gini, top10_share=before.top10_share)
        if not moved["hours"]:
            return out
        counts = {}
    else:
        counts = rows.aggregate(participants=Count("id", filter=Q(participates=True)),
                                role_holders=Count("id", filter=Q(holds=True)))
        out = {}
    per = rows.filter(contributions__gt=0).values(v=F("user_id"), h=F("hours"))
    sql, params = per.query.sql_with_params()
    return {**out, **counts, **measures.concentration_of(sql, params)}


def fill_scope(scope: Scope) -> int:
    """Replace one scope's rows (the per-scope path: a scope rolled up whole)."""
    ScopePerson.objects.filter(**_where(scope)).delete()
    return len(ScopePerson.objects.bulk_create(
        ScopePerson(**_where(scope), user_id=uid, **row)
        for uid, row in measures.scope_people(scope).items()))


# Participants as `measures.participant_ids` (the `people` temp: claimants, proposal
# authors, verifiers of claims and of work), role holders (the `held` temp: a held claim) and
# counted work, per scope above an initiative; `full._scope_figures` computes the temps once
# for the scope tables.
FILL_SQL = f"""
WITH work AS (
  SELECT r.initiative_id, c.volunteer_id AS user_id, COUNT(*) AS n, SUM(w.hours) AS h
  FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id
  JOIN roles_role r ON r.id = c.role_id
  WHERE w.status IN {statements.COUNTED} GROUP BY r.initiative_id, c.volunteer_id
),
scoped AS (
  SELECT m.kind, m.scope_id, m.audience, p.user_id,
         BOOL_OR(h.volunteer_id IS NOT NULL) AS holds,
         COALESCE(SUM(w.n), 0) AS contributions, COALESCE(SUM(w.h), 0) AS hours
  FROM members m JOIN people p ON p.initiative_id = m.initiative_id
  LEFT JOIN held h ON h.initiative_id = p.initiative_id AND h.volunteer_id = p.user_id
  LEFT JOIN work w ON w.initiative_id = p.initiative_id AND w.user_id = p.user_id
  WHERE m.kind <> {statements.INI}
  GROUP BY m.kind, m.scope_id, m.audience, p.user_id
)
SELECT kind, scope_id, audience, user_id, TRUE AS participates, holds, contributions, hours
FROM scoped
"""  # noqa: S608 (constant SQL text)
TABLE = statements.Table(ScopePerson, FILL_SQL, ["kind", "scope_id", "audience", "user_id"])
