"""Row: `seed_scale` rows/s against plain COPY of the very same rows into the same schema."""

from __future__ import annotations

import io
import json
import time

import psycopg2

from bench.common import Row, db_name, db_url, manage, recreate_database


def seed(database_url: str, redis_url: str, size_args: list[str]) -> dict:
    """Run seed_scale in its own process; its own timer covers the load, not Django's start."""
    out = manage(database_url, redis_url, "seed_scale", "--json", *size_args)
    return json.loads(out.strip().splitlines()[-1])


def _dump(database_url: str, tables: list[str]) -> dict[str, io.StringIO]:
    conn = psycopg2.connect(database_url)
    dumps = {}
    with conn.cursor() as cur:
        for table in tables:
            buffer = io.StringIO()
            cur.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
            buffer.seek(0)
            dumps[table] = buffer
    conn.close()
    return dumps


def copy_baseline(database_url: str, template: str, tables: list[str]) -> tuple[float, int]:
    """COPY the rows seed_scale wrote into an identically migrated empty database, in one
    transaction, table by table (foreign keys and indexes in place). Returns (seconds, rows)."""
    dumps = _dump(database_url, tables)
    rows = sum(buffer.getvalue().count("\n") for buffer in dumps.values())
    scratch = db_name(database_url) + "_copy"
    recreate_database(database_url, scratch, template=template)
    conn = psycopg2.connect(db_url(database_url, scratch))
    began = time.perf_counter()
    with conn.cursor() as cur:
        for table in tables:
            cur.copy_expert(f'COPY "{table}" FROM STDIN', dumps[table])
    conn.commit()
    seconds = time.perf_counter() - began
    conn.close()
    return seconds, rows


def seed_row(database_url: str, redis_url: str, template: str, size_args: list[str]) -> Row:
    report = seed(database_url, redis_url, size_args)
    tables = list(report["rows"])
    seeded = sum(report["rows"].values())
    copy_seconds, copied = copy_baseline(database_url, template, tables)
    if copied != seeded:
        raise RuntimeError(f"COPY baseline moved {copied} rows, seed_scale wrote {seeded}")
    return Row(
        name="seed_scale vs COPY", unit="rows/s", crowddo=seeded / report["seconds"],
        baseline=copied / copy_seconds, target=">= 0.5",
        details={"rows": seeded, "seed_seconds": report["seconds"],
                 "copy_seconds": copy_seconds, "sizes": report["sizes"]},
    )
