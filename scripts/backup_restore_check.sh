#!/usr/bin/env bash
# Prove that a backup of the CrowdDo database can be restored:
#   pg_dump -Fc the database of DATABASE_URL, pg_restore it into a fresh scratch
#   database on the same server, compare the row count of every table, drop the
#   scratch database. Exit 0 when every count matches, 1 on any mismatch, 2 on misuse.
#
#   DATABASE_URL=postgres://USER:PASS@HOST:5432/crowddo scripts/backup_restore_check.sh
#
# Optional: SCRATCH_DB (name of the throw-away database, default <name>_restore_check_<pid>),
#           KEEP_DUMP=path (also keep the dump file there, e.g. to ship it off-site).
# Needs pg_dump/pg_restore/psql of the server's major version, and CREATEDB rights.
set -euo pipefail

if [[ -z "${DATABASE_URL:-}" || "${DATABASE_URL}" != postgres* ]]; then
    echo "DATABASE_URL must be a postgres://USER:PASSWORD@HOST:PORT/NAME URL" >&2
    exit 2
fi

# Split postgres://auth@host:port/NAME?query into its parts to address other databases.
url_no_query="${DATABASE_URL%%\?*}"
query=""
[[ "$DATABASE_URL" == *\?* ]] && query="?${DATABASE_URL#*\?}"
server="${url_no_query%/*}"
source_db="${url_no_query##*/}"
scratch_db="${SCRATCH_DB:-${source_db}_restore_check_$$}"
admin_url="${server}/postgres${query}"
scratch_url="${server}/${scratch_db}${query}"

if [[ ! "$scratch_db" =~ ^[A-Za-z0-9_]+$ ]]; then
    echo "SCRATCH_DB may only hold letters, digits and underscores: $scratch_db" >&2
    exit 2
fi

workdir="$(mktemp -d)"
dump="$workdir/crowddo.dump"
cleanup() {
    psql -X -q -d "$admin_url" -c "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" \
        >/dev/null 2>&1 || echo "warning: could not drop scratch database $scratch_db" >&2
    rm -rf "$workdir"
}
trap cleanup EXIT

echo "dump:    $source_db -> $dump"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$dump"
[[ -n "${KEEP_DUMP:-}" ]] && cp "$dump" "$KEEP_DUMP"

echo "restore: $dump -> $scratch_db"
psql -X -q -v ON_ERROR_STOP=1 -d "$admin_url" -c "CREATE DATABASE \"$scratch_db\""
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$scratch_url" "$dump"

# One query that counts the rows of every table in the schema, built from the catalogue.
count_sql() {
    psql -X -A -t -v ON_ERROR_STOP=1 -d "$1" -c "
        SELECT coalesce(string_agg(format('SELECT %L AS t, count(*) AS n FROM %I.%I',
                                          table_name, table_schema, table_name),
                                   ' UNION ALL ' ORDER BY table_name), 'SELECT 1 WHERE false')
        FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
}
counts() {
    psql -X -A -t -F ' ' -v ON_ERROR_STOP=1 -d "$1" -c "$(count_sql "$1")" | sort
}

counts "$DATABASE_URL" > "$workdir/source.txt"
counts "$scratch_url" > "$workdir/restored.txt"
tables=$(wc -l < "$workdir/source.txt")
rows=$(awk '{s += $2} END {print s + 0}' "$workdir/source.txt")

if [[ "$tables" -eq 0 ]]; then
    echo "FAILED: the source database has no tables (wrong DATABASE_URL?)" >&2
    exit 1
fi
if ! diff -u --label "$source_db" --label "$scratch_db (restored)" \
        "$workdir/source.txt" "$workdir/restored.txt"; then
    echo "FAILED: row counts differ between the database and its restored backup" >&2
    exit 1
fi
echo "OK: $tables tables, $rows rows, every count equal after restore"
