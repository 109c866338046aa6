"""The database triggers that tell the full roll-up which days changed (`PendingDay`).

PostgreSQL only (installed by migration 0009; the SQLite default fills every table whole).
They fire on every write of the raw rows whatever made it — a service, a queryset
`update()`, a cascade delete, `seed_scale`'s COPY — so "only the days that changed" keys on
when a row changed, never on the contribution's own date alone:

- a contribution inserted, updated or deleted: its day, old and new (one statement-level
  trigger per event, reading the transition tables: one row per table and day per statement);
- what moves work between scopes or regions on every day at once — an initiative's open-data
  state (`sql.open_data`), collective or organization; a role moved to another initiative; a
  claim moved to another role or volunteer; a region re-parented or re-levelled; an
  initiative or region deleted: NULL, "every day" (row-level, only when those columns change).
"""

from __future__ import annotations

from dashboards.services.sql import open_data

DAY_TABLES = ("dashboards_dailytotal", "dashboards_regionday", "dashboards_volunteerday")
_ARGS = ", ".join(f"'{t}'" for t in DAY_TABLES)

FUNCTIONS = """
CREATE OR REPLACE FUNCTION dashboards_pending_days() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO dashboards_pendingday ("table", day)
    SELECT t, d.date FROM (SELECT DISTINCT date FROM new_rows) d, unnest(TG_ARGV) t;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO dashboards_pendingday ("table", day)
    SELECT t, d.date FROM (SELECT DISTINCT date FROM old_rows) d, unnest(TG_ARGV) t;
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION dashboards_pending_every_day() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dashboards_pendingday ("table", day) SELECT t, NULL FROM unnest(TG_ARGV) t;
  RETURN NULL;
END $$;
"""

MOVED_INITIATIVE = (f"({open_data('OLD')}) IS DISTINCT FROM ({open_data('NEW')})"
                    " OR OLD.collective_id IS DISTINCT FROM NEW.collective_id"
                    " OR OLD.organization_id IS DISTINCT FROM NEW.organization_id")

TRIGGERS = f"""
CREATE TRIGGER dashboards_days_ins AFTER INSERT ON roles_contribution
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION dashboards_pending_days({_ARGS});
CREATE TRIGGER dashboards_days_upd AFTER UPDATE ON roles_contribution
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION dashboards_pending_days({_ARGS});
CREATE TRIGGER dashboards_days_del AFTER DELETE ON roles_contribution
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION dashboards_pending_days({_ARGS});
CREATE TRIGGER dashboards_days_initiative AFTER UPDATE ON initiatives_initiative
  FOR EACH ROW WHEN ({MOVED_INITIATIVE})
  EXECUTE FUNCTION dashboards_pending_every_day({_ARGS});
CREATE TRIGGER dashboards_days_initiative_del AFTER DELETE ON initiatives_initiative
  FOR EACH STATEMENT EXECUTE FUNCTION dashboards_pending_every_day({_ARGS});
CREATE TRIGGER dashboards_days_role AFTER UPDATE ON roles_role
  FOR EACH ROW WHEN (OLD.initiative_id IS DISTINCT FROM NEW.initiative_id)
  EXECUTE FUNCTION dashboards_pending_every_day({_ARGS});
CREATE TRIGGER dashboards_days_claim AFTER UPDATE ON roles_claim
  FOR EACH ROW WHEN (OLD.role_id IS DISTINCT FROM NEW.role_id
                     OR OLD.volunteer_id IS DISTINCT FROM NEW.volunteer_id)
  EXECUTE FUNCTION dashboards_pending_every_day({_ARGS});
CREATE TRIGGER dashboards_days_region AFTER UPDATE ON initiatives_region
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id
                     OR OLD.level IS DISTINCT FROM NEW.level)
  EXECUTE FUNCTION dashboards_pending_every_day('dashboards_regionday');
CREATE TRIGGER dashboards_days_region_del AFTER DELETE ON initiatives_region
  FOR EACH STATEMENT EXECUTE FUNCTION dashboards_pending_every_day('dashboards_regionday');
"""  # noqa: S608 (constant SQL text)

DROP = """
DROP TRIGGER IF EXISTS dashboards_days_ins ON roles_contribution;
DROP TRIGGER IF EXISTS dashboards_days_upd ON roles_contribution;
DROP TRIGGER IF EXISTS dashboards_days_del ON roles_contribution;
DROP TRIGGER IF EXISTS dashboards_days_initiative ON initiatives_initiative;
DROP TRIGGER IF EXISTS dashboards_days_initiative_del ON initiatives_initiative;
DROP TRIGGER IF EXISTS dashboards_days_role ON roles_role;
DROP TRIGGER IF EXISTS dashboards_days_claim ON roles_claim;
DROP TRIGGER IF EXISTS dashboards_days_region ON initiatives_region;
DROP TRIGGER IF EXISTS dashboards_days_region_del ON initiatives_region;
DROP FUNCTION IF EXISTS dashboards_pending_days();
DROP FUNCTION IF EXISTS dashboards_pending_every_day();
"""


def install(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS + TRIGGERS)


def remove(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
