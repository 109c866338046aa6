"""`sync_token`: incremental sync that misses no row and repeats a row only if it changed.

`updated_since` alone cannot promise that: a row's `updated_at` is stamped when it is written,
not when its transaction commits, so a row can become visible *after* a sync that already
passed its timestamp, and an exclusive bound skips rows that share one. Instead every sync
covers a half-open window `[since, until)` of `updated_at`, with `until` set
`API_SYNC_SETTLE_SECONDS` in the past: rows newer than that wait for the next sync, by which
time every transaction that stamped them has committed (writes here last well under a
second; the margin also covers clock skew between web processes). Consecutive windows touch
without overlapping, so nothing is missed and nothing is repeated unless it changed again.

- first pull: `?sync_token=start` (every row up to now − settle time);
- each page of the answer carries `Sync-Token` (header) and `sync_token` (body): store it
  once the last page is read (`next` is null) and send it on the next sync;
- `next` links carry the window itself, so pages of one sync never shift.

The token is opaque (URL-safe base64 of the window); a token that does not decode is a 400.
"""

import base64
import binascii
import datetime as dt
import json

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import replace_query_param

PARAM = "sync_token"
START = "start"
HEADER = "Sync-Token"
INVALID = gettext_lazy("Invalid sync_token: send the `sync_token` of your last sync exactly "
                       "as given, or `start` for a full pull.")

PARAMETER = OpenApiParameter(
    PARAM, OpenApiTypes.STR, OpenApiParameter.QUERY,
    description=gettext_lazy("Incremental sync: `start` for a first full pull, then the "
                             "`sync_token` the last sync answered. Rows changed since, none "
                             "missed or repeated (README, Partner API)."))


def encode(since: dt.datetime | None, until: dt.datetime | None = None) -> str:
    window = {"s": since.isoformat() if since else None, "u": until.isoformat() if until else None}
    return base64.urlsafe_b64encode(json.dumps(window).encode()).decode().rstrip("=")


def decode(token: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    if token == START:
        return None, None
    try:
        window = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        since, until = (dt.datetime.fromisoformat(window[k]) if window[k] else None
                        for k in ("s", "u"))
    except (ValueError, TypeError, KeyError, AttributeError, binascii.Error):
        raise ValidationError({PARAM: [INVALID]}) from None
    if any(t is not None and t.tzinfo is None for t in (since, until)):
        raise ValidationError({PARAM: [INVALID]})
    return since, until


def settled_now() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.API_SYNC_SETTLE_SECONDS)


class SyncTokenMixin:
    """For list views of rows with an `updated_at` that moves on every visible change."""

    sync_field = "updated_at"
    _sync_window = None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        token = self.request.query_params.get(PARAM)
        if token is None or getattr(self, "action", "list") != "list":
            return queryset
        since, until = decode(token)
        until = until or settled_now()
        self._sync_window = (since, until)
        if since is not None:
            queryset = queryset.filter(**{f"{self.sync_field}__gte": since})
        return queryset.filter(**{f"{self.sync_field}__lt": until})

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self._sync_window is not None and self.paginator is not None:
            self.paginator.base_url = replace_query_param(
                self.paginator.base_url, PARAM, encode(*self._sync_window))
        return page

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self._sync_window is not None:
            token = encode(self._sync_window[1])
            response.data["sync_token"] = token
            response[HEADER] = token
        return response
