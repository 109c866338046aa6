"""A list's query built and compiled once per process, not once per request.

Building a list's queryset (annotations, joins, the visibility rule) and compiling it to SQL
cost several times what PostgreSQL takes to run it. For the requests that name nothing but the
page, the query differs from one request to the next only in the cursor's position:

- `prototype(key, build)`: the queryset `build()` gives, built once per `key` (the view and
  everything its queryset depends on) and handed out as a copy, never evaluated itself;
- `PreparedValuesIterable`: a prototype's copies, once the paginator has ordered, filtered
  (`id < position`) and sliced them, run the SQL compiled for the first page of the same
  shape; only the conditions added after the prototype are compiled again, and their SQL must
  be the same as when the statement was stored (else the query is compiled as usual).

tests/api/test_prepared.py compares every page, both directions, anonymous and with keys,
with the answers of the query compiled each time.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models.lookups import Lookup
from django.db.models.query import ValuesIterable
from django.db.models.sql.where import AND

KEPT = 256  # prototypes (and statements) kept per process: anonymous, one per key's organization
_prototypes: dict = {}
_statements: dict = {}
enabled = True  # tests switch it off to compare


def prototype(key, build):
    """A copy of the queryset `build()` returns, built once per `key`."""
    if not enabled:
        return build()
    found = _prototypes.get(key)
    if found is None:
        found = build()
        where = found.query.where
        if found._iterable_class is ValuesIterable and where.connector == AND and not where.negated:
            found._iterable_class = PreparedValuesIterable
            found.query.prepared = (key, len(found.query.where.children))
        _keep(_prototypes, key, found)
    return found.all()


def _keep(store: dict, key, value) -> None:
    if len(store) >= KEPT:
        store.clear()
    store[key] = value


class PreparedValuesIterable(ValuesIterable):
    def __iter__(self):
        query = self.queryset.query
        statement = _statement(query, self.queryset.db) if enabled else None
        if statement is None:
            yield from super().__iter__()
            return
        sql, params, fields = statement
        connection = connections[self.queryset.db]
        compiler = query.get_compiler(connection=connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        converters = compiler.get_converters(fields)
        if converters:
            rows = compiler.apply_converters(rows, converters)
        names = (
            list(query.selected)
            if query.selected  # as ValuesIterable names them
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        for row in rows:
            yield dict(zip(names, row, strict=True))


def _statement(query, db: str):
    """(sql, params, selected expressions) of `query`, from the stored statement of its shape
    when it has one; None when its shape is not one this module can reuse."""
    key, base = getattr(query, "prepared", (None, 0))
    where = query.where
    added = where.children[base:]
    if (
        key is None
        or where.connector != AND
        or where.negated
        or not all(isinstance(node, Lookup) for node in added)
    ):
        return None
    compiler = query.get_compiler(db)
    try:
        compiled = [compiler.compile(node) for node in added]
    except (EmptyResultSet, FullResultSet):
        return None
    added_sql = tuple(sql for sql, _ in compiled)
    added_params = [p for _, params in compiled for p in params]
    shape = (
        key,
        db,
        query.low_mark,
        query.high_mark,
        query.order_by,
        added_sql,
        tuple(query.selected or ()),
        query.values_select,
        tuple(query.annotation_select),
        tuple(query.extra_select),
        query.distinct,
        query.select_for_update,
        query.combinator,
        query.standard_ordering,
        query.group_by is not None,
    )
    stored = _statements.get(shape)
    if stored is None:
        sql, params = compiler.as_sql()
        n = len(added_params)
        if list(params[len(params) - n :]) != added_params:
            return None  # the added conditions' values are not the statement's last
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        stored = (sql, tuple(params[: len(params) - n]), fields)
        _keep(_statements, shape, stored)
    sql, head, fields = stored
    return sql, (*head, *added_params), fields
