"""Does an organization have an active webhook endpoint? Asked on every claim, so cached.

The answer is kept in the `shared` cache (Redis) for `SECONDS`. A reader that finds no
answer asks the database and stores it with `add` (never overwriting); every save or
delete of an endpoint (`endpoints_changed`, the one place, called by the model signals in
`webhooks.receivers`) stores "yes" at once and again after its commit, with `set`. So a
"no" read before an endpoint committed can never outlive that commit: either the reader's
`add` comes first and is overwritten, or the "yes" is there and the `add` does nothing. A
stale "yes" (an endpoint just deleted) only costs the event its own query, which finds no
endpoint. Without Redis (the embedded default) or while it is down, the database is asked
every time: a per-process memory could miss another process's new endpoint.
"""

from __future__ import annotations

from contextlib import suppress

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from crowddo.cache import CacheUnavailable
from webhooks.models import WebhookEndpoint

SECONDS = 60


def _key(organization_id: int) -> str:
    return f"webhooks:listening:{organization_id}"


def _asked(organization_id: int) -> bool:
    return WebhookEndpoint.objects.filter(organization_id=organization_id,
                                          is_active=True).exists()


def organization_listens(organization_id: int) -> bool:
    """True if the organization may have an active endpoint (so an event is worth building)."""
    if not settings.REDIS_URL:
        return _asked(organization_id)
    cache, key = caches["shared"], _key(organization_id)
    try:
        known = cache.get(key)
    except CacheUnavailable:
        return _asked(organization_id)
    if known is not None:
        return known
    found = _asked(organization_id)
    with suppress(CacheUnavailable):
        cache.add(key, found, SECONDS)
    return found


def endpoints_changed(organization_id: int) -> None:
    """An endpoint of the organization was saved or deleted: answer "yes" until recounted."""
    if not settings.REDIS_URL:
        return

    def mark():
        with suppress(CacheUnavailable):
            caches["shared"].set(_key(organization_id), True, SECONDS)

    mark()
    transaction.on_commit(mark)
