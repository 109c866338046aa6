"""Loading the planned rows: COPY on PostgreSQL, bulk_create elsewhere, in one transaction."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from people.models import Organization
from roles.services import seat_counter
from seeding.scale.plan import Plan, Result, Sizes, make_plan, plan_capacity
from seeding.scale.rows import NULL, TABLES

CHUNK = 50_000  # rows per COPY / bulk_create batch (also the progress-bar step)


def _copy_text(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _extra_columns(model, columns: tuple, now: dt.datetime) -> tuple[list[str], list[str]]:
    """Columns other branches may add later, filled with their defaults (so COPY keeps working)."""
    names, values = [], []
    for f in model._meta.concrete_fields:
        if f.column in columns:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()
        names.append(f.column)
        values.append(_copy_text(value))
    return names, values


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy_table(model, gen, columns, plan: Plan, progress) -> int:
    extra_names, extra_values = _extra_columns(model, columns, plan.now)
    suffix = "".join("\t" + v for v in extra_values) + "\n"
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in (*columns, *extra_names))
    sql = f"COPY {table} ({cols}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor:
        for batch in _chunks(gen(plan), CHUNK):
            buffer = io.StringIO("".join(["\t".join(row) + suffix for row in batch]))
            cursor.cursor.copy_expert(sql, buffer)  # the raw psycopg2 cursor
            count += len(batch)
            progress(len(batch))
    return count


@contextmanager
def _keep_given_timestamps(model):
    """bulk_create stamps auto_now(_add) fields with now(); the plan's dates must stay."""
    stamped = [f for f in model._meta.concrete_fields
               if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, add) in zip(stamped, saved, strict=True):
            f.auto_now, f.auto_now_add = now, add


def _bulk_table(model, gen, columns, plan: Plan, progress) -> int:
    attnames = {f.column: f.attname for f in model._meta.concrete_fields}
    names = [attnames[c] for c in columns]
    count = 0
    with _keep_given_timestamps(model):
        for batch in _chunks(gen(plan), 2_000):
            model.objects.bulk_create(
                [model(**{n: (None if v == NULL else v) for n, v in zip(names, row, strict=True)})
                 for row in batch]
            )
            count += len(batch)
            progress(len(batch))
    return count


def _reset_sequences(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            biggest = f"SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}"  # noqa: S608
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({biggest}))", [table])


def _drop_foreign_keys(tables: list[str]) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of the tables about to be loaded; return them to re-add.

    Why: Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so COPY queues
    one check per row and runs them all at COMMIT (a profile of the default size
    showed 25 s of 56 s in COMMIT). Re-adding a constraint validates every row
    in one set-based join instead, as pg_restore does. DDL is transactional in
    PostgreSQL: if anything fails, the constraints come back with the rollback.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return keys


def _add_foreign_keys(keys: list[tuple[str, str, str]]) -> None:
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )


def expected_rows(sizes: Sizes) -> int:
    """Row count to size the progress bar (close; sdgs rows are estimated)."""
    users = 2 * sizes.organizations + sizes.volunteers
    return (sizes.organizations + 3 * users + 125 + 2 * max(1, sizes.organizations // 10)
            + sizes.initiatives * 3 + sizes.roles + sizes.claims + sizes.contributions)


def use_copy() -> bool:
    return connection.vendor == "postgresql"


def check_fresh(prefix: str) -> None:
    if Organization.objects.filter(slug=f"{prefix}-org-1").exists():
        raise ValueError(
            f"Scale data with prefix '{prefix}' is loaded already: use a fresh database "
            "or another --prefix."
        )


def seed_scale(sizes: Sizes, *, prefix: str = "scale",
               progress: Callable[[int], None] = lambda n: None) -> Result:
    """Load the synthetic data set; returns rows per table and the seconds it took."""
    sizes.check()
    check_fresh(prefix)
    began = time.perf_counter()
    plan = make_plan(sizes, prefix)
    plan_capacity(plan)
    postgres, copy = connection.vendor == "postgresql", use_copy()
    load = _copy_table if copy else _bulk_table
    rows: dict[str, int] = {}
    with transaction.atomic():
        keys = _drop_foreign_keys([m._meta.db_table for m, _, _ in TABLES]) if copy else []
        for model, gen, columns in TABLES:
            rows[model._meta.db_table] = load(model, gen, columns, plan, progress)
        # The loaded claims and offers, in the roles' seat counter: before the foreign keys
        # come back (an UPDATE of rows COPY'd in this transaction would queue their checks).
        seat_counter.recount()
        _add_foreign_keys(keys)
        if postgres:
            _reset_sequences(list(rows))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the first plans are bad
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in rows))
    return Result(rows=rows, seconds=time.perf_counter() - began)
