"""The raw baseline for page loads: psycopg2 + json in a bare WSGI app, no framework.

Each handler runs the SQL a hand-written endpoint would need to serve the same
data as the CrowdDo page it stands beside (see bench/pages.py), and answers JSON.
gunicorn serves it with the same worker count as CrowdDo.
"""

import json
import os

import psycopg2

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
            "WHERE i.slug = %s AND i.is_public AND i.status <> 'draft' "
            "GROUP BY i.id, o.name, c.name",
            [slug],
        )
        row = cur.fetchone()
    if row is None:
        return 404, {"detail": "Not found."}
    keys = ("name", "summary", "purpose", "goal_target", "goal_label", "organization",
            "collective", "sdgs")
    return 200, dict(zip(keys, row, strict=True))


# /raw/<handler>/<rest>: add a handler here with each page added to bench/pages.py.
HANDLERS = {"home": home, "initiative": initiative}


def application(environ, start_response):
    _, _, name, *rest = environ.get("PATH_INFO", "").rstrip("/").split("/") + [""]
    handler = HANDLERS.get(name)
    status, body = handler("/".join(rest).strip("/")) if handler else (404, {"detail": "?"})
    payload = json.dumps(body, default=str).encode()
    start_response(f"{status} {'OK' if status == 200 else 'Not Found'}",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(payload))),
                    ("X-Queries", "1")])
    return [payload]
