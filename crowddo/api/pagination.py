"""Cursor pagination: stable under inserts, no COUNT(*), constant cost per page.

A cursor is opaque to partners but not trusted: its position is checked against the ordering
field (type and database range) before it reaches SQL, so a crafted one is a 400, never a 500.
A `page_size` that is not a whole number from 1 to the maximum is a 400 too, never quietly 50.
"""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext, gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

INVALID_CURSOR = gettext_lazy(
    "Invalid cursor. Use the `next` or `previous` link exactly as "
    "the API gave it, or start again without `cursor`."
)


class InvalidCursor(ValidationError):
    default_code = "invalid_cursor"


class IdCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        gettext("Use a whole number from 1 to %(n)s.") % {"n": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise InvalidCursor({self.cursor_query_param: [INVALID_CURSOR]}) from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        ordering = self.ordering if isinstance(self.ordering, str) else self.ordering[0]
        try:
            field = self._model._meta.get_field(ordering.lstrip("-"))
        except FieldDoesNotExist:
            return
        try:
            field.clean(position, None)  # type and, for integers, the database's range
        except DjangoValidationError:
            raise InvalidCursor({self.cursor_query_param: [INVALID_CURSOR]}) from None

    def get_paginated_response(self, data):
        next_link, previous_link = self.get_next_link(), self.get_previous_link()
        response = Response({"next": next_link, "previous": previous_link, "results": data})
        # CSV has no room for links, so they also travel in the Link header (RFC 8288).
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", next_link), ("prev", previous_link))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["next", "previous", "results"]
        described["properties"]["sync_token"] = {
            "type": "string",
            "description": "With `?sync_token=` only (roles, initiatives): "
            "send it on the next sync once `next` is null.",
        }
        return described

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
        return parameters


class DayCursorPagination(IdCursorPagination):
    """Time series: oldest day first, a page of up to a year."""

    page_size = 100
    max_page_size = 366
    ordering = ("day", "id")
