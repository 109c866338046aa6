"""Filters shared by several endpoints (django-filter)."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field


def region_and_below(prefix: str, region_id) -> Q:
    """A region matches itself and everything under it (country → state → district)."""
    return (Q(**{f"{prefix}region_id": region_id})
            | Q(**{f"{prefix}region__parent_id": region_id})
            | Q(**{f"{prefix}region__parent__parent_id": region_id}))


def regions_below(region_id) -> Q:
    """`region_and_below` on the region table itself: the region and every region inside it
    (for `region_id IN (…)`, which an index on region_id answers)."""
    return Q(pk=region_id) | Q(parent_id=region_id) | Q(parent__parent_id=region_id)


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


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 17})
class SdgFilter(django_filters.NumberFilter):
    """A UN SDG number: a whole number from 1 to 17 (anything else is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "UN SDG number, 1–17.")
        super().__init__(*args, min_value=1, max_value=17, **kwargs)


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """Normalised to UTC while cleaning, so an odd offset or an out-of-range year is a 400,
    never a database error."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            value = value.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(gettext("This date-time is out of range.")) from None
        if value.year < 1900:
            raise forms.ValidationError(
                gettext("This date-time is out of range: use a year after 1900."))
        return value


class SinceFilter(django_filters.IsoDateTimeFilter):
    """`updated_since`: an ISO 8601 date-time; rows changed at or after it."""

    field_class = UtcIsoDateTimeField

    def __init__(self, *args, **kwargs):
        if "method" not in kwargs:
            kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("help_text", gettext_lazy("ISO 8601 date-time, e.g. "
                                                    "2026-11-01T00:00:00Z."))
        super().__init__(*args, **kwargs)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, except that a request naming none of the view's filters gets
    the queryset as it is: building the FilterSet and its form (choice querysets, widgets,
    validation) would leave it unchanged, since every filter here skips an empty value.
    A parameter counts when it is a filter's name or starts with `<name>_` (range widgets)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not _names_a_filter(request.query_params,
                                                           filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params, filters) -> bool:
    return any(param == name or param.startswith(name + "_")
               for param in params for name in filters)
