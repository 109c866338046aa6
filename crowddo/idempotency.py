"""Retried API writes with the same `Idempotency-Key` header have one effect.

A partner whose connection drops after a POST cannot know whether it landed; it
retries with the same key and gets the first answer again (header
`Idempotent-Replayed: true`) instead of a second role. Keys are scoped to the
credential (a hash of the Authorization header), kept in the cache (Redis in
production) for IDEMPOTENCY_TTL_SECONDS, and bound to the request: the same key
with a different method, path or body is refused with 422. A request still in
flight answers 409.

Only a 2xx answer is stored and replayed: any other (400, 401, 403, 404, 409, 412, 422,
429, 5xx) is forgotten, so the same key can be retried once the cause is fixed (after
`Retry-After`, say). A request without `Authorization` writes nothing at all (the API
refuses anonymous writes anyway), so no one can fill the cache anonymously.

Keys must be seen by every process, so they live in the `shared` cache alias. While it is
unreachable a write carrying a key answers 503 with `Retry-After` instead of running
unguarded (a retry could otherwise run twice); writes without a key go through as usual.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext

from crowddo.cache import CacheUnavailable

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
VALID_KEY = re.compile(r"[A-Za-z0-9._:-]{1,100}")
IN_FLIGHT_SECONDS = 60
UNAVAILABLE_RETRY_AFTER = 30
log = logging.getLogger(__name__)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message, "status_code": status}, status=status)


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _unavailable() -> JsonResponse:
    response = _error(503, "idempotency_unavailable", gettext(
        "Requests with an Idempotency-Key cannot be checked for repeats right now. Retry with "
        "the same key after the number of seconds in Retry-After."))
    response["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER)
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get("HTTP_IDEMPOTENCY_KEY")
        if key is None or request.method not in WRITES or not request.path.startswith("/api/") \
                or not request.META.get("HTTP_AUTHORIZATION"):
            return self.get_response(request)
        if not VALID_KEY.fullmatch(key):
            return _error(400, "invalid_idempotency_key", gettext(
                "Idempotency-Key must be 1 to 100 letters, digits or the characters . _ : -"))
        cache = caches["shared"]
        slot = "idem:" + _digest(request.META.get("HTTP_AUTHORIZATION", ""), key)
        fingerprint = _digest(request.method, request.get_full_path(), request.body)
        try:
            if not cache.add(slot, {"fp": fingerprint, "state": "pending"}, IN_FLIGHT_SECONDS):
                return _replay(cache.get(slot), fingerprint)
        except CacheUnavailable:  # cannot tell a retry from a first try: do not risk a repeat
            return _unavailable()
        response = self.get_response(request)
        failed = not 200 <= response.status_code < 300 or getattr(response, "streaming", False)
        try:
            if failed:
                cache.delete(slot)
            else:
                cache.set(slot, {"fp": fingerprint, "state": "done",
                                 "status": response.status_code, "body": response.content,
                                 "type": response.get("Content-Type", "")},
                          settings.IDEMPOTENCY_TTL_SECONDS)
        except CacheUnavailable:
            # The write ran; the caller gets its answer. Only a later replay is lost (the
            # pending mark expires after IN_FLIGHT_SECONDS).
            log.warning("idempotency key not stored: the cache went away during the request")
        return response


def _replay(stored, fingerprint):
    if stored is None:  # expired between add and get: ask for a plain retry
        return _error(409, "idempotency_conflict", gettext("Retry the request."))
    if stored["fp"] != fingerprint:
        return _error(422, "idempotency_key_reused", gettext(
            "This Idempotency-Key was used for a different request. Use a new key for a new "
            "request."))
    if stored["state"] != "done":
        return _error(409, "idempotency_in_flight", gettext(
            "A request with this Idempotency-Key is still being processed. Retry in a few "
            "seconds."))
    response = HttpResponse(stored["body"], status=stored["status"],
                            content_type=stored["type"] or None)
    response["Idempotent-Replayed"] = "true"
    return response
