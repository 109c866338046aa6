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
from operator import itemgetter

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections
from django.db.models import OuterRef
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.settings import api_settings

from crowddo.api import prepared


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
        extra = {
            f.column: ArraySubquery(f.array(OuterRef(self.id_lookup)))
            for f in self.fields
            if isinstance(f, Many) and f.array and arrays
        }
        return queryset.values(*self.lookups, **extra)

    def build(self, rows: Iterable[dict]) -> list[dict]:
        """One dict per row, keys in the plan's order: the row's values copied in one step,
        then the few keys that need more (a conversion, a nested row, a to-many list) set in
        place, so the order stays the serializer's."""
        rows = list(rows)
        if not rows:
            return []
        many = {
            f.key: f.read([r[self.id_lookup] for r in rows])
            for f in self.fields
            if isinstance(f, Many) and f.column not in rows[0]
        }
        tz = timezone.get_current_timezone()
        keys = tuple(f.key for f in self.fields)
        sources = [
            f.source
            if isinstance(f, Column)
            else f.column
            if isinstance(f, Many) and f.key not in many
            else self.id_lookup
            for f in self.fields
        ]
        read = itemgetter(*sources) if len(sources) > 1 else (lambda row: (row[sources[0]],))
        fixes = [
            f
            for f in self.fields
            if isinstance(f, Nested)
            or (isinstance(f, Column) and f.convert is not None)
            or (isinstance(f, Many) and f.key in many)
        ]
        items = []
        for row in rows:
            item = dict(zip(keys, read(row), strict=True))
            for field in fixes:
                if isinstance(field, Column):
                    item[field.key] = _value(field, row, tz)
                elif isinstance(field, Nested):
                    item[field.key] = (
                        None
                        if field.null_when and row[field.null_when] is None
                        else {c.key: _value(c, row, tz) for c in field.columns}
                    )
                else:
                    item[field.key] = many[field.key].get(row[self.id_lookup], [])
            items.append(item)
        return items


def _value(column: Column, row: dict, tz):
    value = row[column.source]
    if value is None or column.convert is None:
        return value
    return iso_datetime(value, tz) if column.convert is iso_datetime else column.convert(value)


class ValuesListMixin:
    """`list()` of a viewset from its `list_plan`: filtered, paginated, then built from rows.
    Everything else (detail, writes, the schema) keeps the serializer.

    A request that names nothing but the page (`cursor`, `page_size`, `format`) reads the
    list's query as `crowddo.api.prepared` keeps it (built and compiled once per
    `list_shape()`). `list_shape()` must name everything `get_queryset()` depends on (for
    roles: the visibility rule's Q for the caller); None builds the query every time."""

    list_plan: ValuesPlan

    def list_shape(self):
        return None

    def list_queryset(self):
        def build():
            return self.list_plan.queryset(self.filter_queryset(self.get_queryset()))

        paginator = self.paginator
        page_params = {
            api_settings.URL_FORMAT_OVERRIDE,
            getattr(paginator, "cursor_query_param", None),
            getattr(paginator, "page_size_query_param", None),
        }
        shape = None if set(self.request.query_params) - page_params else self.list_shape()
        if shape is None:
            return build()
        return prepared.prototype((type(self), shape), build)

    def list(self, request, *args, **kwargs):
        queryset = self.list_queryset()
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.list_plan.build(queryset))
        return self.get_paginated_response(self.list_plan.build(page))
