"""/healthz/: is the database, the cache and the broker reachable?

200 `ok` when all are; 200 `degraded` (with the failing parts) when only Redis — the cache or
the broker — is down, since the site keeps serving without it (issue 21), so a load balancer
must not pull every node during a Redis outage; 503 `down` only when the database is down."""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from crowddo.celery import app


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    cache = caches["shared"]  # raises CacheUnavailable at once while the breaker is open
    cache.set("healthz", "1", 10)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (tasks run in-process; no broker configured)"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}
ESSENTIAL = {"database"}  # without it nothing works; the others only degrade the site


@never_cache
def healthz(request):
    results, failing = {}, []
    for name, check in CHECKS.items():
        try:
            results[name] = {"status": check()}
        except Exception as exc:  # any failure of a dependency is reported, not raised
            failing.append(name)
            results[name] = {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}
    if ESSENTIAL & set(failing):
        status, code = "down", 503
    else:
        status, code = ("degraded" if failing else "ok"), 200
    body = {"status": status, "checks": results}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=code)


def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin's). The static
    URL is resolved per request: in production it needs collectstatic's manifest."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
