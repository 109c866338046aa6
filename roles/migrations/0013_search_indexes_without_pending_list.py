from django.db import migrations

# The pg_trgm GIN indexes of the role search (0005_role_list_indexes) were built with GIN's
# default fastupdate = on: new entries wait in a pending list that every search scans in full
# until VACUUM or autoanalyze merges it. After seed_scale's COPY of 100k roles (or any bulk
# import) that list held up to gin_pending_list_limit (4 MB) of trigrams, and `/roles/?q=…`
# paid for it on every request. Roles are written rarely and searched often: write straight
# into the index, and merge what is pending now. PostgreSQL only; SQLite has no such index.
INDEXES = ("role_title_trgm", "role_responsibility_trgm", "initiative_name_trgm")


def fastupdate_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def fastupdate_default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")


class Migration(migrations.Migration):

    dependencies = [
        ("roles", "0012_merge_20261202_2134"),
    ]

    operations = [
        migrations.RunPython(fastupdate_off, fastupdate_default, elidable=False),
    ]
