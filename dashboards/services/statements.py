"""The statements of the set-based full roll-up: every table's rows for every scope at once.

`full.rollup_all_tables` runs each statement into its table. The figures are the ones
`selectors/figures.py` and `selectors/measures.py` compute per scope; the rules they share
come from `sql.py` (generated from the Python rule, tested equal to it), and tests check that
the tables equal refreshing every initiative one by one. Sums that add up across initiatives
(counts, hours, micro-improvements) are computed per initiative first and then summed per
scope; distinct counts (volunteers, participants) and rankings (Gini) go from the raw pairs to
the scope through `MEMBERS`, the scope -> initiative map.

The SQL text holds only constants (enum values, numbers): nothing here is user input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards.models import GOAL_MARKS, Audience, Kind, Milestone
from dashboards.services.fills import ONLY_DAYS
from dashboards.services.sql import (
    AWAITING_PEER,
    COUNTED,
    HELD,
    MANAGING,
    goal_percent,
    level_number,
    literal,
    open_data,
    takes_seat,
)
from initiatives.models import Region
from roles.models import Capability, Claim, Role

OPEN = open_data("i")
INI, ORG, COL = literal(Kind.INITIATIVE), literal(Kind.ORGANIZATION), literal(Kind.COLLECTIVE)
PUBLIC, ALL = literal(Audience.PUBLIC), literal(Audience.ALL)
ACTIVE, COMPLETED, VERIFIED = (literal(Claim.Status.ACTIVE), literal(Claim.Status.COMPLETED),
                               literal(Claim.Status.VERIFIED))
APPRENTICE = literal(Claim.Kind.APPRENTICE)
ROLE_OPEN, ROLE_DRAFT = literal(Role.Status.OPEN), literal(Role.Status.DRAFT)
COUNTRY, STATE, DISTRICT = (literal(Region.Level.COUNTRY), literal(Region.Level.STATE),
                            literal(Region.Level.DISTRICT))
RELATING = literal(Capability.RELATING)

@dataclass(frozen=True)
class Table:
    """One roll-up table's fill: its statement, key, and what follows the upsert."""

    model: type
    select_sql: str
    keys: list[str]
    prune: bool = True  # delete rows whose scope, day or region no longer has figures
    adjust: Callable | None = None  # a Python step on `rollup_fresh` before the upsert


# The statements run in two stages inside each table's transaction (`full._replace`): first
# the intermediate results below, each a temporary table that is ANALYZEd (the planner's
# estimates of joins through the scope map were off by up to 10^5, which chose sorts and
# nested loops), then the table's own SELECT, which reads them by name. `TEMPS` maps a name
# to its SELECT; a table's statement lists the names it reads, in order.
#
# Integer keys: `sk` numbers the (kind, scope_id, audience) scopes, so the large groupings
# (per scope and day, per scope and volunteer) group by integers, not by text; the text key
# is joined back once per output row through `scopes`.
TEMPS: dict[str, str] = {}

# Hours (numeric, two decimals) summed as whole hundredths: integer sums are exact too, and
# several times cheaper to aggregate than numeric; divided by 100 once, at the end.
CENTI = "(w.hours * 100)::int"

# Every (scope, initiative) pair: an initiative counts in its own scope (ALL), its
# organization's (ALL, and PUBLIC when open data) and its collective's (PUBLIC, when open).
TEMPS["members"] = f"""
SELECT kind, scope_id, audience, initiative_id,
       DENSE_RANK() OVER (ORDER BY kind, scope_id, audience)::int AS sk
FROM (
  SELECT {INI}::text AS kind, i.id AS scope_id, {ALL}::text AS audience,
         i.id AS initiative_id FROM initiatives_initiative i
  UNION ALL SELECT {ORG}, i.organization_id, {ALL}, i.id FROM initiatives_initiative i
  UNION ALL SELECT {ORG}, i.organization_id, {PUBLIC}, i.id
    FROM initiatives_initiative i WHERE {OPEN}
  UNION ALL SELECT {COL}, i.collective_id, {PUBLIC}, i.id
    FROM initiatives_initiative i WHERE {OPEN} AND i.collective_id IS NOT NULL
) m"""  # noqa: S608 (constant SQL text)

# Every scope that gets rows, with or without initiatives (as the per-scope loop did), with
# its `sk` (NULL without initiatives).
TEMPS["scopes"] = f"""
SELECT s.kind, s.scope_id, s.audience, k.sk
FROM (
  SELECT {INI}::text AS kind, id AS scope_id, {ALL}::text AS audience
    FROM initiatives_initiative
  UNION ALL SELECT {ORG}, o.id, a.audience FROM people_organization o
    CROSS JOIN (VALUES ({PUBLIC}), ({ALL})) AS a(audience)
  UNION ALL SELECT {COL}, id, {PUBLIC} FROM initiatives_collective
) s
LEFT JOIN (SELECT DISTINCT kind, scope_id, audience, sk FROM members) k
  ON k.kind = s.kind AND k.scope_id = s.scope_id AND k.audience = s.audience
"""  # noqa: S608 (constant SQL text)

# Per-initiative figures that add up across initiatives.
TEMPS["work"] = f"""
SELECT r.initiative_id, COUNT(*) FILTER (WHERE w.status IN {COUNTED}) AS contributions,
       SUM({CENTI}) FILTER (WHERE w.status IN {COUNTED}) / 100.0 AS hours,
       SUM(w.micro_improvements) FILTER (WHERE w.status IN {COUNTED}) AS micro_improvements,
       COUNT(*) FILTER (WHERE w.status IN {AWAITING_PEER}) AS submitted,
       SUM(w.micro_improvements) FILTER (WHERE w.status IN {AWAITING_PEER})
         AS awaiting_micro_improvements
FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id
JOIN roles_role r ON r.id = c.role_id GROUP BY r.initiative_id
"""  # noqa: S608 (constant SQL text)
TEMPS["cl"] = f"""
SELECT r.initiative_id,
       COUNT(*) FILTER (WHERE c.status = {ACTIVE}) AS active_claims,
       COUNT(*) FILTER (WHERE c.status = {COMPLETED}) AS completed_claims,
       COUNT(*) FILTER (WHERE c.status = {VERIFIED}) AS verified_claims,
       COUNT(*) FILTER (WHERE c.kind = {APPRENTICE} AND c.status IN {HELD}) AS mentorships
FROM roles_claim c JOIN roles_role r ON r.id = c.role_id GROUP BY r.initiative_id
"""  # noqa: S608 (constant SQL text)
TEMPS["ro"] = f"""
SELECT r.initiative_id, COUNT(*) AS roles_total,
       COUNT(*) FILTER (WHERE r.status = {ROLE_OPEN} AND COALESCE(t.n, 0) < r.seats)
         AS roles_open,
       COUNT(*) FILTER (WHERE COALESCE(t.n, 0) >= r.seats) AS roles_filled,
       COUNT(*) FILTER (WHERE r.proposed_by_id IS NOT NULL) AS roles_from_proposals
FROM roles_role r
LEFT JOIN (SELECT c.role_id, COUNT(*) AS n FROM roles_claim c WHERE {takes_seat("c")}
           GROUP BY c.role_id) t ON t.role_id = r.id
WHERE r.status <> {ROLE_DRAFT} GROUP BY r.initiative_id
"""  # noqa: S608 (constant SQL text)
TEMPS["held"] = f"""
SELECT DISTINCT r.initiative_id, c.volunteer_id
FROM roles_claim c JOIN roles_role r ON r.id = c.role_id WHERE c.status IN {HELD}
"""  # noqa: S608 (constant SQL text)
PER_INITIATIVE = ["work", "cl", "ro", "held"]

# Additive figures summed per scope, plus distinct role holders.
TEMPS["sums"] = """
SELECT m.sk, COUNT(*) AS initiatives,
       SUM(i.goal_target) AS target, SUM(w.contributions) AS contributions,
       SUM(w.hours) AS hours, SUM(w.micro_improvements) AS micro_improvements,
       SUM(w.submitted) AS submitted,
       SUM(w.awaiting_micro_improvements) AS awaiting_micro_improvements,
       SUM(cl.active_claims) AS active_claims,
       SUM(cl.completed_claims) AS completed_claims,
       SUM(cl.verified_claims) AS verified_claims, SUM(ro.roles_total) AS roles_total,
       SUM(ro.roles_open) AS roles_open, SUM(ro.roles_filled) AS roles_filled,
       SUM(ro.roles_from_proposals) AS roles_from_proposals,
       SUM(cl.mentorships) AS mentorships
FROM members m JOIN initiatives_initiative i ON i.id = m.initiative_id
LEFT JOIN work w ON w.initiative_id = m.initiative_id
LEFT JOIN cl ON cl.initiative_id = m.initiative_id
LEFT JOIN ro ON ro.initiative_id = m.initiative_id
GROUP BY m.sk
"""  # noqa: S608 (constant SQL text)
TEMPS["vols"] = """
SELECT sk, COUNT(*) AS volunteers FROM (
  SELECT DISTINCT m.sk, h.volunteer_id
  FROM members m JOIN held h ON h.initiative_id = m.initiative_id
) t GROUP BY sk
"""  # noqa: S608 (constant SQL text)
SCOPE_SUMS = ["members", "scopes", *PER_INITIATIVE, "sums", "vols"]


def _z(column: str, alias: str = "a") -> str:
    return f"COALESCE({alias}.{column}, 0)"


SCOPE_TOTAL = f"""
SELECT s.kind, s.scope_id, s.audience, {_z('contributions')} AS contributions,
       {_z('hours')} AS hours, {_z('micro_improvements')} AS micro_improvements,
       {_z('volunteers', 'v')} AS volunteers, {_z('initiatives')} AS initiatives,
       {_z('active_claims')} AS active_claims, {_z('completed_claims')} AS completed_claims,
       {_z('verified_claims')} AS verified_claims, {_z('roles_open')} AS roles_open,
       {_z('roles_filled')} AS roles_filled,
       CASE WHEN s.kind = {COL} THEN col.goal_target ELSE {_z('target')} END AS target,
       {_z('submitted')} AS awaiting_contributions,
       {_z('awaiting_micro_improvements')} AS awaiting_micro_improvements,
       now() AS computed_at, now() AS changed_at
FROM scopes s
LEFT JOIN sums a ON a.sk = s.sk
LEFT JOIN vols v ON v.sk = s.sk
LEFT JOIN initiatives_collective col ON s.kind = {COL} AND col.id = s.scope_id
"""  # noqa: S608 (constant SQL text)

INITIATIVE_PROGRESS = f"""
WITH vols AS (SELECT initiative_id, COUNT(*) AS volunteers FROM held GROUP BY initiative_id)
SELECT i.id AS initiative_id, {_z('contributions', 'w')} AS contributions,
       {_z('hours', 'w')} AS hours, {_z('micro_improvements', 'w')} AS micro_improvements,
       {_z('active_claims', 'cl')} AS active_claims,
       {_z('completed_claims', 'cl')} AS completed_claims,
       {_z('verified_claims', 'cl')} AS verified_claims,
       {_z('volunteers', 'v')} AS volunteers, {_z('roles_open', 'ro')} AS roles_open,
       {_z('roles_filled', 'ro')} AS roles_filled,
       {_z('submitted', 'w')} AS awaiting_contributions,
       {_z('awaiting_micro_improvements', 'w')} AS awaiting_micro_improvements,
       now() AS computed_at, now() AS changed_at
FROM initiatives_initiative i
LEFT JOIN work w ON w.initiative_id = i.id LEFT JOIN cl ON cl.initiative_id = i.id
LEFT JOIN ro ON ro.initiative_id = i.id LEFT JOIN vols v ON v.initiative_id = i.id
"""  # noqa: S608 (constant SQL text)

# Work per initiative, day and volunteer first (the raw rows once), then per scope, day and
# volunteer, then per scope and day: counting the volunteer rows of the middle step gives the
# distinct volunteers with hash aggregates instead of one large sort for COUNT(DISTINCT).
# Work awaiting a peer rides along in its own columns (aw_*), never added in; a day with only
# awaiting work gets a row with zero figures (as `figures.daily`).
TEMPS["per_day"] = f"""
SELECT r.initiative_id, w.date, c.volunteer_id,
       (COUNT(*) FILTER (WHERE w.status IN {COUNTED}))::int AS n,
       SUM({CENTI}) FILTER (WHERE w.status IN {COUNTED}) AS hours,
       SUM(w.micro_improvements) FILTER (WHERE w.status IN {COUNTED}) AS mi,
       (COUNT(*) FILTER (WHERE w.status IN {AWAITING_PEER}))::int AS aw_n,
       SUM(w.micro_improvements) FILTER (WHERE w.status IN {AWAITING_PEER}) AS aw_mi
FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id
JOIN roles_role r ON r.id = c.role_id
WHERE (w.status IN {COUNTED} OR w.status IN {AWAITING_PEER}) {ONLY_DAYS}
GROUP BY r.initiative_id, w.date, c.volunteer_id
"""  # noqa: S608 (constant SQL text)
DAILY_TOTAL = """
WITH pv AS (
  SELECT m.sk, p.date, SUM(p.n)::int AS n, SUM(p.hours)::bigint AS hours,
         SUM(p.mi)::bigint AS mi, SUM(p.aw_n)::int AS aw_n, SUM(p.aw_mi)::bigint AS aw_mi
  FROM members m JOIN per_day p ON p.initiative_id = m.initiative_id
  GROUP BY m.sk, p.date, p.volunteer_id
),
days AS (
  SELECT sk, date AS day, SUM(n) AS contributions,
         COALESCE(SUM(hours), 0) / 100.0 AS hours, COALESCE(SUM(mi), 0) AS micro_improvements,
         COUNT(*) FILTER (WHERE n > 0) AS volunteers, SUM(aw_n) AS awaiting_contributions,
         COALESCE(SUM(aw_mi), 0) AS awaiting_micro_improvements
  FROM pv GROUP BY sk, date
)
SELECT s.kind, s.scope_id, s.audience, d.day, d.contributions, d.hours,
       d.micro_improvements, d.volunteers,
       SUM(d.micro_improvements) OVER (PARTITION BY d.sk ORDER BY d.day)
         AS cumulative_micro_improvements,
       d.awaiting_contributions, d.awaiting_micro_improvements
FROM days d JOIN scopes s ON s.sk = d.sk
"""  # noqa: S608 (constant SQL text)
DAILY_TOTAL_TEMPS = ["members", "scopes", "per_day"]

# Public work of each collective, with the contribution's region and its two ancestors.
COLLECTIVE_WORK = f"""
WITH cw AS (
  SELECT i.collective_id, w.date, c.volunteer_id, {CENTI} AS hours, w.micro_improvements,
         g.level, g.id AS region_id, g.parent_id, gp.parent_id AS grandparent_id,
         w.status IN {AWAITING_PEER} AS aw
  FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id
  JOIN roles_role r ON r.id = c.role_id
  JOIN initiatives_initiative i ON i.id = r.initiative_id
  LEFT JOIN initiatives_region g ON g.id = w.region_id
  LEFT JOIN initiatives_region gp ON gp.id = g.parent_id
  WHERE {OPEN} AND i.collective_id IS NOT NULL
    AND (w.status IN {COUNTED} OR w.status IN {AWAITING_PEER}) {ONLY_DAYS}
),"""  # noqa: S608 (constant SQL text)

# figures.REGION_LEVELS in SQL: a contribution counts at its own level and every level above.
LEVELS = f"""
levels AS (
  SELECT collective_id, date, volunteer_id, hours, micro_improvements, aw, {DISTRICT} AS level,
         region_id AS rid, parent_id AS pid FROM cw WHERE level = {DISTRICT}
  UNION ALL
  SELECT collective_id, date, volunteer_id, hours, micro_improvements, aw, {STATE},
         CASE level WHEN {STATE} THEN region_id ELSE parent_id END,
         CASE level WHEN {STATE} THEN parent_id ELSE grandparent_id END
  FROM cw WHERE level IN ({STATE}, {DISTRICT})
  UNION ALL
  SELECT collective_id, date, volunteer_id, hours, micro_improvements, aw, {COUNTRY},
         CASE level WHEN {COUNTRY} THEN region_id WHEN {STATE} THEN parent_id
              ELSE grandparent_id END, NULL
  FROM cw WHERE level IN ({COUNTRY}, {STATE}, {DISTRICT})
)"""  # noqa: S608 (constant SQL text)

REGION_TOTAL = f"""
{COLLECTIVE_WORK} {LEVELS}
SELECT collective_id, rid AS region_id, pid AS parent_id, level,
       COUNT(*) FILTER (WHERE NOT aw) AS contributions,
       COALESCE(SUM(hours) FILTER (WHERE NOT aw), 0) / 100.0 AS hours,
       COALESCE(SUM(micro_improvements) FILTER (WHERE NOT aw), 0) AS micro_improvements,
       COUNT(DISTINCT volunteer_id) FILTER (WHERE NOT aw) AS volunteers,
       COUNT(*) FILTER (WHERE aw) AS awaiting_contributions,
       COALESCE(SUM(micro_improvements) FILTER (WHERE aw), 0) AS awaiting_micro_improvements
FROM levels WHERE rid IS NOT NULL GROUP BY collective_id, level, rid, pid
"""  # noqa: S608 (constant SQL text)

REGION_DAY = f"""
{COLLECTIVE_WORK} {LEVELS}
SELECT collective_id, rid AS region_id, date AS day, COUNT(*) AS contributions,
       SUM(hours) / 100.0 AS hours, SUM(micro_improvements) AS micro_improvements
FROM levels WHERE rid IS NOT NULL AND NOT aw GROUP BY collective_id, rid, date
"""  # noqa: S608 (constant SQL text)

VOLUNTEER_DAY = f"""
{COLLECTIVE_WORK.rstrip(',')}
SELECT collective_id, volunteer_id AS user_id, date AS day, COUNT(*) AS contributions,
       SUM(hours) / 100.0 AS hours, SUM(micro_improvements) AS micro_improvements
FROM cw WHERE NOT aw GROUP BY collective_id, volunteer_id, date
"""  # noqa: S608 (constant SQL text)

# figures.volunteer_totals for everyone who ever claimed; without a held claim, all zeros.
# The level is roles.levels.level_number of the verified work (kept without held roles).
_LEVEL_SQL = level_number("COALESCE(vr.n, 0)", "COALESCE(wk.contributions, 0)",
                          "COALESCE(vr.caps, 0)", "COALESCE(vr.inis, 0)")
VOLUNTEER_TOTAL = f"""
WITH vr AS (
  SELECT c.volunteer_id, COUNT(*) AS n, COUNT(DISTINCT r.capability) AS caps,
         COUNT(DISTINCT r.initiative_id) AS inis
  FROM roles_claim c JOIN roles_role r ON r.id = c.role_id
  WHERE c.status = {VERIFIED} GROUP BY c.volunteer_id
),
hc AS (
  SELECT c.volunteer_id, COUNT(*) AS roles_held,
         COUNT(*) FILTER (WHERE c.status = {VERIFIED}) AS verified_claims,
         COUNT(DISTINCT r.initiative_id) AS initiatives
  FROM roles_claim c JOIN roles_role r ON r.id = c.role_id
  WHERE c.status IN {HELD} GROUP BY c.volunteer_id
),
wk AS (
  SELECT c.volunteer_id, COUNT(*) FILTER (WHERE w.status IN {COUNTED}) AS contributions,
         SUM(w.hours) FILTER (WHERE w.status IN {COUNTED}) AS hours,
         SUM(w.micro_improvements) FILTER (WHERE w.status IN {COUNTED}) AS micro_improvements,
         COALESCE(SUM(w.hours) FILTER (WHERE w.status IN {COUNTED}), 0) AS verified_hours
  FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id GROUP BY c.volunteer_id
),
everyone AS (
  SELECT e.volunteer_id AS user_id, hc.roles_held IS NOT NULL AS holds,
         COALESCE(hc.roles_held, 0) AS roles_held,
         COALESCE(hc.verified_claims, 0) AS verified_claims,
         COALESCE(hc.initiatives, 0) AS initiatives,
         COALESCE(wk.contributions, 0) AS contributions, COALESCE(wk.hours, 0) AS hours,
         COALESCE(wk.micro_improvements, 0) AS micro_improvements,
         COALESCE(wk.verified_hours, 0) AS vh, {_LEVEL_SQL} AS level
  FROM (SELECT DISTINCT volunteer_id FROM roles_claim) e
  LEFT JOIN hc ON hc.volunteer_id = e.volunteer_id
  LEFT JOIN wk ON wk.volunteer_id = e.volunteer_id
  LEFT JOIN vr ON vr.volunteer_id = e.volunteer_id
)
SELECT user_id,
       CASE WHEN holds THEN contributions ELSE 0 END AS contributions,
       CASE WHEN holds THEN hours ELSE 0 END AS hours,
       CASE WHEN holds THEN vh ELSE 0 END AS verified_hours,
       CASE WHEN holds THEN micro_improvements ELSE 0 END AS micro_improvements,
       roles_held, verified_claims, initiatives,
       level, now() AS computed_at
FROM everyone
"""  # noqa: S608 (constant SQL text)

# Inputs of the leadership measures per scope; the Gini arithmetic runs in Python
# (measures.gini_from_sums), exactly as for one scope, so both paths round alike.
TEMPS["people"] = """
SELECT r.initiative_id, c.volunteer_id AS user_id
  FROM roles_claim c JOIN roles_role r ON r.id = c.role_id
UNION SELECT p.initiative_id, p.author_id FROM roles_proposal p
UNION SELECT r.initiative_id, v.verifier_id FROM roles_verification v
  JOIN roles_claim c ON c.id = v.claim_id JOIN roles_role r ON r.id = c.role_id
UNION SELECT r.initiative_id, v.verifier_id FROM roles_verification v
  JOIN roles_contribution w ON w.id = v.contribution_id
  JOIN roles_claim c ON c.id = w.claim_id JOIN roles_role r ON r.id = c.role_id
"""  # noqa: S608 (constant SQL text)
# Counted hours per scope and volunteer: the Gini inputs.
TEMPS["per_volunteer"] = f"""
WITH vh AS (
  SELECT r.initiative_id, c.volunteer_id AS v, SUM({CENTI}) AS h
  FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id
  JOIN roles_role r ON r.id = c.role_id
  WHERE w.status IN {COUNTED} GROUP BY r.initiative_id, c.volunteer_id
)
SELECT m.sk, vh.v, SUM(vh.h)::bigint AS h
FROM members m JOIN vh ON vh.initiative_id = m.initiative_id
GROUP BY m.sk, vh.v
"""  # noqa: S608 (constant SQL text)
MEASURE_TEMPS = [*SCOPE_SUMS, "people", "per_volunteer"]
MEASURE_INPUTS = f"""
WITH parts AS (
  SELECT sk, COUNT(user_id) AS participants FROM (
    SELECT DISTINCT m.sk, p.user_id
    FROM members m JOIN people p ON p.initiative_id = m.initiative_id
  ) t GROUP BY sk
),
ranked AS (  -- one sort: the top tenth are the last ranks (ties hold equal hours)
  SELECT sk, h, ROW_NUMBER() OVER w AS up, COUNT(*) OVER (PARTITION BY sk) AS n
  FROM per_volunteer WINDOW w AS (PARTITION BY sk ORDER BY h, v)
),
conc AS (
  SELECT sk, MAX(n) AS n, SUM(h) / 100.0 AS total, SUM(up * h) / 100.0 AS weighted,
         SUM(CASE WHEN up > n - (n + 9) / 10 THEN h ELSE 0 END) / 100.0 AS top
  FROM ranked GROUP BY sk
),
orchestrators AS (
  SELECT x.sk, COUNT(DISTINCT ms.user_id) AS orchestrators
  FROM (SELECT DISTINCT m.sk, i.organization_id
        FROM members m JOIN initiatives_initiative i ON i.id = m.initiative_id) x
  JOIN people_membership ms ON ms.organization_id = x.organization_id
   AND ms.level IN {MANAGING}
  GROUP BY x.sk
),
spanners AS (
  SELECT scope_id, COUNT(*) AS boundary_spanners FROM (
    SELECT m.scope_id, c.volunteer_id FROM members m
    JOIN roles_role r ON r.initiative_id = m.initiative_id
    JOIN roles_claim c ON c.role_id = r.id
    WHERE m.kind = {COL} AND c.status IN {HELD}
    GROUP BY m.scope_id, c.volunteer_id HAVING COUNT(DISTINCT c.organization_id) >= 2
  ) t GROUP BY scope_id
),
caps AS (  -- filled roles (a seat held now or before) per capability; drafts count too
  SELECT sk, jsonb_object_agg(capability, n) AS capabilities FROM (
    SELECT m.sk, r.capability, COUNT(*) AS n
    FROM members m JOIN roles_role r ON r.initiative_id = m.initiative_id
    WHERE EXISTS (SELECT 1 FROM roles_claim c WHERE c.role_id = r.id AND c.status IN {HELD})
    GROUP BY m.sk, r.capability
  ) t GROUP BY sk
)
SELECT s.kind, s.scope_id, s.audience, {_z('participants', 'p')} AS participants,
       {_z('volunteers', 'v')} AS role_holders, {_z('n', 'k')} AS verified_volunteers,
       NULL::float8 AS gini, NULL::float8 AS top10_share,
       CASE WHEN {_z('mentorships')} > 0  -- mentoring is relating: measures.capabilities
         THEN COALESCE(cap.capabilities, '{{}}'::jsonb) || jsonb_build_object({RELATING},
              COALESCE((cap.capabilities ->> {RELATING})::bigint, 0) + a.mentorships)
         ELSE COALESCE(cap.capabilities, '{{}}'::jsonb) END AS capabilities,
       CASE WHEN s.kind = {COL} THEN {_z('boundary_spanners', 'b')} END
         AS boundary_spanners,
       {_z('mentorships')} AS mentorships,
       {_z('roles_total')} AS roles_total, {_z('roles_from_proposals')} AS roles_from_proposals,
       {_z('completed_claims')} + {_z('verified_claims')} AS completed_work,
       {_z('verified_claims')} AS peer_verified_work, {_z('orchestrators', 'o')} AS orchestrators,
       {_z('roles_open')} AS open_roles,
       {_z('completed_claims')} + {_z('submitted')} AS pending_verifications,
       now() AS computed_at, k.total, k.weighted, k.top
FROM scopes s
LEFT JOIN sums a ON a.sk = s.sk
LEFT JOIN vols v ON v.sk = s.sk
LEFT JOIN parts p ON p.sk = s.sk
LEFT JOIN conc k ON k.sk = s.sk
LEFT JOIN orchestrators o ON o.sk = s.sk
LEFT JOIN spanners b ON s.kind = {COL} AND b.scope_id = s.scope_id
LEFT JOIN caps cap ON cap.sk = s.sk
"""  # noqa: S608 (constant SQL text)

# services.milestones.goal_candidates / record_milestones in SQL: every milestone reached
# and not yet recorded (the unique key makes reruns no-ops). Returns the new rows, with the
# initiative's organization, for the `milestone_reached` signal.
GOAL, FIRST_VERIFIED, LEVEL_UP = (literal(Milestone.Kind.GOAL),
                                  literal(Milestone.Kind.FIRST_VERIFIED),
                                  literal(Milestone.Kind.LEVEL_UP))
MARKS = ", ".join(f"({int(m)})" for m in GOAL_MARKS)
MILESTONES = f"""
WITH new AS (
  INSERT INTO dashboards_milestone (key, kind, collective_id, initiative_id, volunteer_id,
                                    percent, level, is_public, reached_at)
  SELECT key, kind, collective_id, initiative_id, volunteer_id, percent, level, is_public, now()
  FROM (
    SELECT 'goal:initiative:' || i.id || ':' || g.mark AS key, {GOAL} AS kind,
           i.collective_id, i.id AS initiative_id, NULL::bigint AS volunteer_id,
           g.mark AS percent, NULL::int AS level, {OPEN} AS is_public
    FROM dashboards_initiativeprogress p JOIN initiatives_initiative i ON i.id = p.initiative_id
    CROSS JOIN (VALUES {MARKS}) AS g(mark)
    WHERE i.goal_target > 0
      AND {goal_percent("p.micro_improvements", "i.goal_target")} >= g.mark
    UNION ALL
    SELECT 'first-verified:initiative:' || i.id, {FIRST_VERIFIED}, i.collective_id, i.id,
           NULL, NULL, NULL, {OPEN}
    FROM dashboards_initiativeprogress p JOIN initiatives_initiative i ON i.id = p.initiative_id
    WHERE p.verified_claims > 0
    UNION ALL
    SELECT 'goal:collective:' || t.scope_id || ':' || g.mark, {GOAL}, t.scope_id, NULL, NULL,
           g.mark, NULL, TRUE
    FROM dashboards_scopetotal t CROSS JOIN (VALUES {MARKS}) AS g(mark)
    WHERE t.kind = {COL} AND t.audience = {PUBLIC} AND t.target > 0
      AND {goal_percent("t.micro_improvements", "t.target")} >= g.mark
    UNION ALL
    SELECT 'level:user:' || t.user_id || ':' || lv, {LEVEL_UP}, NULL, NULL, t.user_id, NULL,
           lv, FALSE
    FROM dashboards_volunteertotal t CROSS JOIN LATERAL generate_series(1, t.level) AS lv
    WHERE t.level > 0 AND EXISTS (SELECT 1 FROM roles_claim c WHERE c.volunteer_id = t.user_id)
  ) AS reached
  ON CONFLICT (key) DO NOTHING
  RETURNING id, kind, initiative_id, collective_id, volunteer_id, percent, is_public
)
SELECT new.id, new.kind, new.initiative_id, new.collective_id, new.volunteer_id,
       i.organization_id, new.percent, new.is_public
FROM new LEFT JOIN initiatives_initiative i ON i.id = new.initiative_id
ORDER BY new.id
"""  # noqa: S608 (constant SQL text)

# After some days of DailyTotal were refilled (`fills`): the scopes with rows on those days
# (before the prune), whose running totals from the first refilled day on move too, with the
# running total of their last day before it (untouched by this fill: the base) …
TOUCHED_SCOPES = """
CREATE TEMP TABLE touched ON COMMIT DROP AS
SELECT k.kind, k.scope_id, k.audience, f.first,
       COALESCE((SELECT p.cumulative_micro_improvements FROM dashboards_dailytotal p
                 WHERE p.kind = k.kind AND p.scope_id = k.scope_id
                   AND p.audience = k.audience AND p.day < f.first
                 ORDER BY p.day DESC LIMIT 1), 0) AS base
FROM (SELECT DISTINCT kind, scope_id, audience FROM dashboards_dailytotal
      WHERE day IN (SELECT day FROM fill_days)) k
CROSS JOIN (SELECT MIN(day) AS first FROM fill_days) f
"""  # noqa: S608 (constant SQL text)
# … mended from that day on (not recomputed over the whole series), written only where they
# differ.
RUNNING_TOTALS = """
UPDATE dashboards_dailytotal t SET cumulative_micro_improvements = s.running
FROM (SELECT d.id, u.base + SUM(d.micro_improvements) OVER (
        PARTITION BY d.kind, d.scope_id, d.audience ORDER BY d.day) AS running
      FROM dashboards_dailytotal d
      JOIN touched u ON u.kind = d.kind AND u.scope_id = d.scope_id
       AND u.audience = d.audience AND d.day >= u.first) s
WHERE t.id = s.id AND t.cumulative_micro_improvements IS DISTINCT FROM s.running
"""  # noqa: S608 (constant SQL text)
