"""The raw baseline for page loads: psycopg2 + json in a bare WSGI app, no framework.

Each handler runs the SQL a hand-written endpoint would need to serve the same
data as the CrowdDo page it stands beside (see bench/pages.py), and answers JSON.
gunicorn serves it with the same worker count as CrowdDo.
"""

import json
import os

import psycopg2

# The rules this SQL shares with CrowdDo, spelled out because this app runs without Django.
# tests/bench/test_harness.py checks them against dashboards.services.sql, where each is
# generated from its one definition (open data: initiatives.access.open_data_q; a regular
# seat taken: roles.models.RoleQuerySet.with_seats).
OPEN_DATA = "i.is_public AND i.status <> 'draft'"
TAKES_SEAT = "c.status = 'active' AND c.kind = 'regular'"

_conn = None


def _cursor():
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg2.connect(os.environ["DATABASE_URL"])
        _conn.autocommit = True
    return _conn.cursor()


def home(_rest: str):
    with _cursor() as cur:
        cur.execute(  # the newest twelve first, then their organization and SDGs
            "SELECT t.slug, t.name, t.summary, o.name, "
            "       ARRAY(SELECT s.sdg_id FROM initiatives_initiative_sdgs s "
            "             WHERE s.initiative_id = t.id ORDER BY s.sdg_id) "
            "FROM (SELECT id, slug, name, summary, organization_id, created_at "
            "      FROM initiatives_initiative WHERE is_public AND status = 'active' "
            "      ORDER BY created_at DESC LIMIT 12) t "
            "JOIN people_organization o ON o.id = t.organization_id ORDER BY t.created_at DESC"
        )
        rows = cur.fetchall()
    keys = ("slug", "name", "summary", "organization", "sdgs")
    return 200, {"initiatives": [dict(zip(keys, row, strict=True)) for row in rows]}


def initiative(slug: str):
    with _cursor() as cur:
        cur.execute(
            "SELECT i.name, i.summary, i.purpose, i.goal_target, i.goal_label, o.name, c.name, "
            "       COALESCE(array_agg(s.sdg_id ORDER BY s.sdg_id) "
            "                FILTER (WHERE s.sdg_id IS NOT NULL), '{}') "
            "FROM initiatives_initiative i JOIN people_organization o ON o.id = i.organization_id "
            "LEFT JOIN initiatives_collective c ON c.id = i.collective_id "
            "LEFT JOIN initiatives_initiative_sdgs s ON s.initiative_id = i.id "
            f"WHERE i.slug = %s AND {OPEN_DATA} "
            "GROUP BY i.id, o.name, c.name",
            [slug],
        )
        row = cur.fetchone()
    if row is None:
        return 404, {"detail": "Not found."}
    keys = ("name", "summary", "purpose", "goal_target", "goal_label", "organization",
            "collective", "sdgs")
    return 200, dict(zip(keys, row, strict=True))


def api_roles(_rest: str):
    """The first page of /api/v1/roles/ for an anonymous partner: 50 newest visible roles."""
    with _cursor() as cur:
        cur.execute(
            "SELECT r.id, r.title, r.responsibility, r.success_looks_like, i.slug, i.name, "
            "       o.slug, r.capability, r.hours_per_week, r.duration_weeks, r.seats, "
            f"       (SELECT COUNT(*) FROM roles_claim c WHERE c.role_id = r.id AND {TAKES_SEAT}), "
            "       ARRAY(SELECT s.name FROM roles_role_skills rs "
            "             JOIN people_skill s ON s.id = rs.skill_id WHERE rs.role_id = r.id), "
            "       g.id, g.name, g.level, r.is_remote, r.status, r.stale_after_days, "
            "       r.created_at, r.updated_at "
            "FROM roles_role r JOIN initiatives_initiative i ON i.id = r.initiative_id "
            "JOIN people_organization o ON o.id = r.organization_id "
            "LEFT JOIN initiatives_region g ON g.id = r.region_id "
            f"WHERE {OPEN_DATA} AND r.status <> 'draft' "
            "ORDER BY r.id DESC LIMIT 50"
        )
        rows = cur.fetchall()
    keys = ("id", "title", "responsibility", "success_looks_like", "initiative_slug",
            "initiative_name", "organization", "capability", "hours_per_week", "duration_weeks",
            "seats", "seats_taken", "skills", "region_id", "region_name", "region_level",
            "is_remote", "status", "stale_after_days", "created_at", "updated_at")
    return 200, {"next": None, "previous": None,
                 "results": [dict(zip(keys, row, strict=True)) for row in rows]}


_COLLECTIVE_PARTS = {  # what the collective dashboard shows, each from its roll-up table
    "total": "SELECT contributions, hours, micro_improvements, volunteers, initiatives, "
             "target, awaiting_contributions, awaiting_micro_improvements "
             "FROM dashboards_scopetotal WHERE kind = 'collective' "
             "AND audience = 'public' AND scope_id = %(id)s",
    "days": "SELECT day, micro_improvements, cumulative_micro_improvements, hours, volunteers "
            "FROM dashboards_dailytotal WHERE kind = 'collective' AND audience = 'public' "
            "AND scope_id = %(id)s ORDER BY day",
    "regions": "SELECT g.name, t.micro_improvements, t.hours, t.contributions, t.volunteers "
               "FROM dashboards_regiontotal t JOIN initiatives_region g ON g.id = t.region_id "
               "WHERE t.collective_id = %(id)s AND t.parent_id IS NULL AND t.level = 'country' "
               "ORDER BY t.micro_improvements DESC, g.name",
    "organizations": "SELECT o.name, SUM(p.micro_improvements), SUM(p.hours), "
                     "SUM(p.contributions), SUM(p.verified_claims) "
                     "FROM dashboards_initiativeprogress p "
                     "JOIN initiatives_initiative i ON i.id = p.initiative_id "
                     "JOIN people_organization o ON o.id = i.organization_id "
                     f"WHERE i.collective_id = %(id)s AND {OPEN_DATA} "
                     "GROUP BY o.name ORDER BY 2 DESC, o.name",
    "measures": "SELECT participants, role_holders, verified_volunteers, gini, top10_share, "
                "capabilities, boundary_spanners, roles_total, roles_from_proposals, "
                "completed_work, peer_verified_work, orchestrators, open_roles, "
                "pending_verifications FROM dashboards_leadershipmeasure "
                "WHERE kind = 'collective' AND audience = 'public' AND scope_id = %(id)s",
    "recent": "SELECT w.micro_improvements, i.name, g.name, w.date "
              "FROM roles_contribution w JOIN roles_claim c ON c.id = w.claim_id "
              "JOIN roles_role r ON r.id = c.role_id "
              "JOIN initiatives_initiative i ON i.id = r.initiative_id "
              "LEFT JOIN initiatives_region g ON g.id = w.region_id "
              f"WHERE i.collective_id = %(id)s AND {OPEN_DATA} "
              "AND w.status = 'verified' AND w.micro_improvements > 0 "
              "ORDER BY w.date DESC, w.id DESC LIMIT 8",
    "milestones": "SELECT key, percent, reached_at FROM dashboards_milestone "
                  "WHERE is_public AND collective_id = %(id)s "
                  "ORDER BY reached_at DESC, id DESC LIMIT 8",
}


def collective(slug: str):
    """The collective dashboard's figures, read from the same roll-up tables."""
    with _cursor() as cur:
        cur.execute("SELECT c.id, c.name, c.summary, c.goal_label, c.goal_target, o.name "
                    "FROM initiatives_collective c "
                    "JOIN people_organization o ON o.id = c.coordinator_id "
                    "WHERE c.slug = %s AND c.is_public", [slug])
        head = cur.fetchone()
        if head is None:
            return 404, {"detail": "Not found."}
        body = {"name": head[1], "summary": head[2], "goal_label": head[3],
                "goal_target": head[4], "coordinator": head[5]}
        for part, sql in _COLLECTIVE_PARTS.items():
            cur.execute(sql, {"id": head[0]})
            body[part] = cur.fetchall()
    return 200, body


_OPEN_ROLES = (  # /roles/?capability=sensemaking&max_hours=4&sort=hours for an anonymous visitor
    "FROM roles_role r JOIN initiatives_initiative i ON i.id = r.initiative_id "
    "JOIN people_organization o ON o.id = i.organization_id "
    "LEFT JOIN initiatives_region g ON g.id = r.region_id "
    "WHERE r.status = 'open' AND i.status = 'active' AND i.is_public "
    "AND r.capability = 'sensemaking' AND r.hours_per_week <= 4 "
)
_FILTER_CHOICES = {  # the filter form's drop-downs
    "organizations": "SELECT slug, name FROM people_organization WHERE id IN (SELECT "
                     f"i.organization_id FROM initiatives_initiative i WHERE {OPEN_DATA}) "
                     "ORDER BY name",
    "regions": "SELECT id, name FROM initiatives_region ORDER BY name",
    "skills": "SELECT slug, name FROM people_skill ORDER BY name",
    "sdgs": "SELECT number, name FROM initiatives_sdg ORDER BY number",
    "collectives": "SELECT slug, name FROM initiatives_collective WHERE is_public "
                   "ORDER BY name",
}


def roles(_rest: str):
    """A page of 12 open roles with free seats, filtered and sorted, and the filter choices."""
    seats = (f"r.seats - (SELECT COUNT(*) FROM roles_claim c WHERE c.role_id = r.id "
             f"AND {TAKES_SEAT}) - (SELECT COUNT(*) FROM roles_waitlistentry e "
             "WHERE e.role_id = r.id AND e.status = 'offered' AND e.offer_expires_at > now())")
    with _cursor() as cur:
        cur.execute(f"SELECT COUNT(*) {_OPEN_ROLES}")  # noqa: S608 (constant text)
        total = cur.fetchone()[0]
        cur.execute(
            f"SELECT r.id, r.title, r.responsibility, r.hours_per_week, r.duration_weeks, "
            f"r.capability, r.is_remote, i.name, i.slug, o.name, g.name, {seats} "
            f"{_OPEN_ROLES} ORDER BY r.hours_per_week, r.created_at DESC, r.id DESC LIMIT 12"
        )
        body = {"count": total, "roles": cur.fetchall()}
        for part, sql in _FILTER_CHOICES.items():
            cur.execute(sql)
            body[part] = cur.fetchall()
    return 200, body


# /raw/<handler>/<rest>: add a handler here with each page added to bench/pages.py.
HANDLERS = {"home": home, "initiative": initiative, "api-roles": api_roles,
            "collective": collective, "roles": roles}


def application(environ, start_response):
    _, _, name, *rest = environ.get("PATH_INFO", "").rstrip("/").split("/") + [""]
    handler = HANDLERS.get(name)
    status, body = handler("/".join(rest).strip("/")) if handler else (404, {"detail": "?"})
    payload = json.dumps(body, default=str).encode()
    start_response(f"{status} {'OK' if status == 200 else 'Not Found'}",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(payload))),
                    ("X-Queries", "1")])
    return [payload]
