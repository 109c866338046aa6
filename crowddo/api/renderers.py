"""CSV rendering (`?format=csv` or `Accept: text/csv`) of list and stats endpoints.

Nested objects flatten to `parent.child` columns, lists join with `;`. Paginated lists
render their `results`; the next page's address is in the `Link` header.
"""

import csv
import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from crowddo.spreadsheet import neutralise


def _flatten(row, prefix: str = "") -> dict:
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = ";".join(str(v.get("id", v)) if isinstance(v, dict) else str(v)
                                  for v in value)
        else:
            flat[name] = "" if value is None else value
    return flat


def _rows(data) -> list[dict]:
    if isinstance(data, dict) and "results" in data:
        data = data["results"]
    if isinstance(data, dict):
        data = [data]
    return [_flatten(row) if isinstance(row, dict) else {"value": row} for row in data or []]


def _columns_of(serializer, prefix: str = "") -> list[str]:
    """Column names from the serializer, so an empty list still has its header row."""
    columns = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            columns.extend(_columns_of(field, f"{prefix}{name}."))
        else:
            columns.append(f"{prefix}{name}")
    return columns


def _declared_columns(renderer_context) -> list[str]:
    view = (renderer_context or {}).get("view")
    serializer_class = getattr(view, "serializer_class", None)
    if view is not None and hasattr(view, "get_serializer_class"):
        try:
            serializer_class = view.get_serializer_class()
        except AssertionError:
            serializer_class = None
    return _columns_of(serializer_class()) if serializer_class else []


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # A view whose rows nest lists of objects says how they flatten (`csv_rows`); only
        # for its successful reads (OPTIONS answers metadata, not rows).
        context = renderer_context or {}
        view, request, response = (context.get(k) for k in ("view", "request", "response"))
        if data and hasattr(view, "csv_rows") and request is not None \
                and request.method in ("GET", "HEAD") \
                and response is not None and response.status_code == 200:
            data = view.csv_rows(data)
        rows = _rows(data)
        columns: list[str] = [] if rows else _declared_columns(renderer_context)
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise(v) for k, v in row.items()})
        return out.getvalue().encode(self.charset)
