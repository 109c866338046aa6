"""Filters shared by several endpoints (django-filter)."""

import django_filters
from django.db.models import Q


def region_and_below(prefix: str, region_id) -> Q:
    """A region matches itself and everything under it (country → state → district)."""
    return (Q(**{f"{prefix}region_id": region_id})
            | Q(**{f"{prefix}region__parent_id": region_id})
            | Q(**{f"{prefix}region__parent__parent_id": region_id}))


class RegionFilter(django_filters.NumberFilter):
    """`?region=<id>`: rows in that region or any region inside it."""

    def __init__(self, *args, prefix: str = "", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("help_text", "Region id; includes the regions inside it.")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(region_and_below(self.prefix, value))
