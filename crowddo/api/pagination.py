"""Cursor pagination: stable under inserts, no COUNT(*), constant cost per page."""

from rest_framework.pagination import CursorPagination
from rest_framework.response import Response


class IdCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def get_paginated_response(self, data):
        response = Response({"next": self.get_next_link(), "previous": self.get_previous_link(),
                             "results": data})
        # CSV has no room for links, so they also travel in the Link header (RFC 8288).
        links = [f'<{url}>; rel="{rel}"' for rel, url in
                 (("next", self.get_next_link()), ("prev", self.get_previous_link())) if url]
        if links:
            response["Link"] = ", ".join(links)
        return response


class DayCursorPagination(IdCursorPagination):
    """Time series: oldest day first, a page of up to a year."""

    page_size = 100
    max_page_size = 366
    ordering = ("day", "id")
