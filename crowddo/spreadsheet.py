"""Spreadsheet formula escaping: the one rule for every CSV and XLSX CrowdDo writes.

A cell whose text starts with `=`, `+`, `-` or `@` runs as a formula when a spreadsheet
opens the file; a leading tab or carriage return is dropped by some spreadsheets, which then
read the character behind it (`\\t=cmd` becomes `=cmd`). Such a cell gets a leading `'`, so
it shows as text. Used by the API's CSV renderer, the dashboards' chart CSVs and every admin
export (django-import-export resources mix in `NeutralisedExport`).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, or its text behind a `'` when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class NeutralisedExport:
    """Mix into an import-export `Resource` (before it): every exported cell is neutralised,
    in CSV and XLSX alike (openpyxl writes a text starting with `=` as a formula)."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))
