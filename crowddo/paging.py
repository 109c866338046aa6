"""A page-number paginator that never counts more than a bound.

Django's Paginator runs `SELECT COUNT(*)` over every matching row on each request: at 100k
roles that alone grows with the data. `BoundedPaginator` counts at most `bound + 1` rows
(`COUNT(*)` over a `LIMIT` subquery, a bounded index scan) and says "many" beyond it; pages
past the bound are not offered (narrowing the filters shows the rest).

A page of a queryset is read as "the rows whose id is among this page's ids": the ids are
found in the list's order (the sort's index, the rows it skips for a later page), and the
joins and per-row subqueries of the full rows run for the page's rows only — not for the
rows an OFFSET skips, nor for every match a search sorts.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

BOUND = 1000


class BoundedPaginator(Paginator):
    bound = BOUND

    @cached_property
    def count(self) -> int:
        """Matching rows, up to `bound` + 1 (then `many` is True): any bound + 1 rows do, so
        neither the order nor the annotations are computed."""
        rows = self.object_list
        if hasattr(rows, "values"):
            rows = rows.order_by().values("pk")
        return rows[: self.bound + 1].count()

    @property
    def many(self) -> bool:
        return self.count > self.bound

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if hasattr(rows, "filter") and not rows.query.distinct and rows.ordered:
            # One query: ... WHERE id IN (SELECT id ... ORDER BY … LIMIT … OFFSET …) ORDER BY …
            return self._get_page(rows.filter(pk__in=rows.values("pk")[bottom:top]), number, self)
        return self._get_page(rows[bottom:top], number, self)
