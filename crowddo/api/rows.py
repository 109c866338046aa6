"""List pages read as `.values()` rows: only the columns the list shows, no model instances,
no serializer field calls per row.

A `ValuesPlan` names, in the serializer's field order, where each output key comes from
(a column, a column of a joined row, or a many-to-many read in one query for the whole page)
and builds the same dicts the list's serializer gives, key for key. The serializer stays the
schema and the representation of single rows and writes; each plan has a test comparing its
output with the serializer's for the same rows (tests/api/test_rows.py for roles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections
from django.db.models import OuterRef
from django.utils import timezone
from rest_framework.response import Response


def iso_datetime(value, tz=None):
    """What DRF's DateTimeField answers (ISO 8601 in the current time zone, UTC as `Z`).
    `ValuesPlan.build` passes the time zone, read once per page."""
    if value is None:
        return None
    text = value.astimezone(tz or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@dataclass(frozen=True)
class Column:
    key: str
    lookup: str = ""  # the `.values()` lookup; the key itself when empty
    convert: Callable | None = None  # applied to a value that is not None

    @property
    def source(self) -> str:
        return self.lookup or self.key


@dataclass(frozen=True)
class Nested:
    """A related row as a small dict, or None when `null_when` (its foreign key) is None."""

    key: str
    columns: tuple[Column, ...]
    null_when: str = ""


@dataclass(frozen=True)
class Many:
    """A to-many value: on PostgreSQL `array(outer_ref)` (a one-column, ordered queryset of
    the values for the row `outer_ref` names) becomes an `ARRAY(SELECT …)` column of the page's
    own query; elsewhere (SQLite) `read(ids)` answers {row id: [values]} in one more query."""

    key: str
    read: Callable[[list], dict]
    array: Callable | None = None

    @property
    def column(self) -> str:
        return f"_many_{self.key}"


class ValuesPlan:
    def __init__(self, *fields: Column | Nested | Many, id_lookup: str = "id"):
        self.fields = fields
        self.id_lookup = id_lookup
        lookups = [id_lookup]
        for field in fields:
            if isinstance(field, Column):
                lookups.append(field.source)
            elif isinstance(field, Nested):
                lookups += [c.source for c in field.columns]
                lookups += [field.null_when] if field.null_when else []
        self.lookups = tuple(dict.fromkeys(lookups))

    def queryset(self, queryset, *, arrays: bool | None = None):
        """The rows to read: `.values()` of the lookups (no select/prefetch of instances), with
        the to-many values as arrays on PostgreSQL (`arrays=False`: always the extra query)."""
        if arrays is None:
            arrays = connections[queryset.db].vendor == "postgresql"
        queryset = queryset.select_related(None).prefetch_related(None)
        extra = {f.column: ArraySubquery(f.array(OuterRef(self.id_lookup)))
                 for f in self.fields if isinstance(f, Many) and f.array and arrays}
        return queryset.values(*self.lookups, **extra)

    def build(self, rows: Iterable[dict]) -> list[dict]:
        rows = list(rows)
        many = {f.key: f.read([r[self.id_lookup] for r in rows])
                for f in self.fields
                if isinstance(f, Many) and rows and f.column not in rows[0]}
        tz = timezone.get_current_timezone()
        return [self._item(row, many, tz) for row in rows]

    def _item(self, row: dict, many: dict, tz) -> dict:
        item = {}
        for field in self.fields:
            if isinstance(field, Column):
                item[field.key] = _value(field, row, tz)
            elif isinstance(field, Nested):
                item[field.key] = (None if field.null_when and row[field.null_when] is None
                                   else {c.key: _value(c, row, tz) for c in field.columns})
            elif field.column in row:
                item[field.key] = row[field.column]
            else:
                item[field.key] = many[field.key].get(row[self.id_lookup], [])
        return item


def _value(column: Column, row: dict, tz):
    value = row[column.source]
    if value is None or column.convert is None:
        return value
    return iso_datetime(value, tz) if column.convert is iso_datetime else column.convert(value)


class ValuesListMixin:
    """`list()` of a viewset from its `list_plan`: filtered, paginated, then built from rows.
    Everything else (detail, writes, the schema) keeps the serializer."""

    list_plan: ValuesPlan

    def list(self, request, *args, **kwargs):
        queryset = self.list_plan.queryset(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.list_plan.build(queryset))
        return self.get_paginated_response(self.list_plan.build(page))
