"""Every write about webhooks: registering endpoints, recording events, attempting and
replaying deliveries. The API and the Celery task call these and nothing else.

Signature (documented in the README): header `CrowdDo-Signature: t=<unix time>,v1=<hex>`
where hex = HMAC-SHA256(endpoint secret, f"{t}.{raw body}").
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState
from people import access
from people.audit import audit_record
from people.models import AuditEvent
from webhooks.models import (
    DESCRIPTION_MAX_LENGTH,
    ERROR_MAX_LENGTH,
    Event,
    WebhookDelivery,
    WebhookEndpoint,
)
from webhooks.signals import delivery_queued

LOOPBACK_HOST = "127.0.0.1"
RETRY_DELAY_CAP_SECONDS = 3600  # backoff grows up to an hour between attempts


class Attempt(StrEnum):
    """What one delivery attempt came to."""

    DELIVERED = "delivered"
    RETRY = "retry"  # failed, attempts left
    FAILED = "failed"  # failed, gave up (WEBHOOK_MAX_ATTEMPTS)
    SKIPPED = "skipped"  # not pending any more, or the endpoint was deactivated


# --- Destinations --------------------------------------------------------------------------

def _check_url(url: str) -> str:
    """HTTPS to a public host; plain http://127.0.0.1 only in development and tests."""
    url = (url or "").strip()
    parts = urlsplit(url)
    host = parts.hostname or ""
    if settings.WEBHOOK_LOOPBACK_ONLY:
        if parts.scheme not in ("http", "https") or host != LOOPBACK_HOST:
            raise Invalid(gettext("In development and tests a webhook URL must be on 127.0.0.1, "
                          "e.g. http://127.0.0.1:8401/hook."))
        return url
    if parts.scheme != "https" or not host:
        raise Invalid(gettext("A webhook URL must start with https:// and name a host."))
    if host == "localhost" or _is_internal_literal(host):
        raise Invalid(gettext("A webhook URL must point to a public host, not an internal "
                              "address."))
    return url


def _is_internal_literal(host: str) -> bool:
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


def _check_destination(url: str) -> None:
    """At send time, too: the name must resolve to public addresses only (or loopback in dev)."""
    parts = urlsplit(url)
    if parts.scheme not in (("http", "https") if settings.WEBHOOK_LOOPBACK_ONLY else ("https",)):
        raise OSError(f"refused: scheme {parts.scheme!r} is not allowed")
    if settings.WEBHOOK_LOOPBACK_ONLY:
        if parts.hostname != LOOPBACK_HOST:
            raise OSError("refused: only 127.0.0.1 is allowed in development and tests")
        return
    infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    if any(not ipaddress.ip_address(info[4][0]).is_global for info in infos):
        raise OSError("refused: the host resolves to an internal address")


def _check_events(events) -> list[str]:
    if not isinstance(events, list) or not events:
        raise Invalid(gettext("Pick at least one event: %(events)s.")
                      % {"events": ", ".join(Event.values)})
    unknown = sorted(set(events) - set(Event.values))
    if unknown:
        raise Invalid(gettext("Unknown events: %(unknown)s. Choose from %(events)s.")
                      % {"unknown": ", ".join(unknown), "events": ", ".join(Event.values)})
    return sorted(set(events))


def _check_description(description: str | None) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise Invalid(gettext("A description has at most %(max)s characters; this one has %(n)s.")
                      % {"max": DESCRIPTION_MAX_LENGTH, "n": len(description)})
    return description


# --- Endpoints -----------------------------------------------------------------------------

@transaction.atomic
def webhook_endpoint_create(*, organization, url: str, events: list[str], actor,
                            description: str = "") -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its signing secret (show the secret to the caller)."""
    access.require_manager(actor, organization.pk)
    endpoint = WebhookEndpoint.objects.create(
        organization=organization, url=_check_url(url), events=_check_events(events),
        description=_check_description(description), secret=secrets.token_hex(32),
        created_by_key=actor if getattr(actor, "prefix", None) else None,
    )
    audit_record(event_type=AuditEvent.Type.WEBHOOK_CREATED, actor=actor,
                 organization=organization, details={"endpoint_id": endpoint.pk})
    return endpoint, endpoint.secret


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, actor, url: str | None = None,
                            events: list[str] | None = None, is_active: bool | None = None,
                            description: str | None = None) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    access.require_manager(actor, endpoint.organization_id)
    if url is not None:
        endpoint.url = _check_url(url)
    if events is not None:
        endpoint.events = _check_events(events)
    if is_active is not None:
        endpoint.is_active = bool(is_active)
    if description is not None:
        endpoint.description = _check_description(description)
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, actor) -> None:
    """Remove an endpoint and its delivery log; nothing more is sent to it."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    access.require_manager(actor, endpoint.organization_id)
    endpoint.delete()


@transaction.atomic
def webhook_endpoint_rotate_secret(*, endpoint: WebhookEndpoint,
                                   actor) -> tuple[WebhookEndpoint, str]:
    """A new signing secret at once (the old one stops working); returns it once."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    access.require_manager(actor, endpoint.organization_id)
    endpoint.secret = secrets.token_hex(32)
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint, endpoint.secret


# --- Events and deliveries -----------------------------------------------------------------

def webhook_event_emit(*, organization_id: int, event: str, event_key: str,
                       data: dict) -> list[WebhookDelivery]:
    """Record a delivery for each active endpoint of the organization that wants the event,
    and send them by Celery once the surrounding transaction commits."""
    endpoints = [e for e in WebhookEndpoint.objects.filter(
        organization_id=organization_id, is_active=True) if event in e.events]
    created = []
    for endpoint in endpoints:
        payload = {"event": event, "created_at": timezone.now().isoformat(), "data": data}
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    organization_id=organization_id, endpoint=endpoint, event=event,
                    event_key=event_key, payload=payload)
        except IntegrityError:  # this occurrence was recorded already: never send twice
            continue
        created.append(delivery)
        _enqueue(delivery)
    return created


def _enqueue(delivery: WebhookDelivery) -> None:
    delivery_queued.send(sender=WebhookDelivery, delivery_id=delivery.pk)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect could lead anywhere: treat it as a failed attempt


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps({"id": str(delivery.uuid), **delivery.payload},
                      separators=(",", ":")).encode()
    timestamp = int(time.time())
    signed = signature(delivery.endpoint.secret, timestamp, body)
    try:
        # Only http(s) URLs pass _check_url, and the destination is checked again here.
        _check_destination(delivery.endpoint.url)
        request = urllib.request.Request(  # noqa: S310
            delivery.endpoint.url, data=body, method="POST", headers={
                "Content-Type": "application/json", "User-Agent": "CrowdDo-Webhooks/1",
                "CrowdDo-Event": delivery.event, "CrowdDo-Delivery": str(delivery.uuid),
                "CrowdDo-Signature": f"t={timestamp},v1={signed}"})
        opener = urllib.request.build_opener(_NoRedirect)
        with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return None, str(exc)[:ERROR_MAX_LENGTH] or exc.__class__.__name__


def webhook_delivery_attempt(*, delivery_id: int) -> Attempt:
    """One attempt; returns what it came to (`Attempt`).

    The HTTP call happens outside any transaction; the result is recorded with a
    conditional update, so a duplicate task run cannot record a delivered one twice."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING).first()
    if delivery is None or not delivery.endpoint.is_active:
        return Attempt.SKIPPED
    code, error = _post(delivery)
    ok = code is not None and 200 <= code < 300
    attempts = delivery.attempts + 1
    if ok:
        status = WebhookDelivery.Status.DELIVERED
    elif attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        status = WebhookDelivery.Status.FAILED
    else:
        status = WebhookDelivery.Status.PENDING
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING).update(
        attempts=attempts, last_status_code=code, last_error="" if ok else error,
        last_attempt_at=now, status=status, delivered_at=now if ok else None)
    if ok:
        return Attempt.DELIVERED
    return Attempt.FAILED if status == WebhookDelivery.Status.FAILED else Attempt.RETRY


def retry_delay(attempts: int) -> int:
    """Exponential backoff: base, 2×base, 4×base… capped at RETRY_DELAY_CAP_SECONDS."""
    return min(RETRY_DELAY_CAP_SECONDS,
               settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))


@transaction.atomic
def webhook_delivery_replay(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Send a finished delivery again (e.g. after a fix on the receiving side), with a fresh
    budget of attempts; `replays` keeps count."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    access.require_manager(actor, delivery.organization_id)
    if delivery.status == WebhookDelivery.Status.PENDING:
        raise InvalidState(gettext("This delivery is still being sent; replay it once it is "
                                   "delivered "
                           "or has failed."))
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.replays += 1
    delivery.save(update_fields=["status", "attempts", "replays"])
    _enqueue(delivery)
    return delivery


@transaction.atomic
def webhook_deliveries_replay(*, deliveries, actor) -> int:
    """The admin's bulk replay: each finished delivery through `webhook_delivery_replay`;
    deliveries still being sent are left alone (replaying them would send twice)."""
    replayed = 0
    for delivery in deliveries.order_by("pk"):
        if delivery.status == WebhookDelivery.Status.PENDING:
            continue
        webhook_delivery_replay(delivery=delivery, actor=actor)
        replayed += 1
    return replayed
