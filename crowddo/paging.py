"""A page-number paginator that never counts more than a bound.

Django's Paginator runs `SELECT COUNT(*)` over every matching row on each request: at 100k
roles that alone grows with the data. `BoundedPaginator` counts at most `bound + 1` rows
(`COUNT(*)` over a `LIMIT` subquery, a bounded index scan) and says "many" beyond it; pages
past the bound are not offered (narrowing the filters shows the rest).
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
