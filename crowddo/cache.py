"""The cache is Redis in production; when Redis goes away the site must not (issue 21).

Two cache aliases point at the same Redis:

- `shared` (`SharedRedisCache`): short timeouts (`CACHE_CONNECT_TIMEOUT`, default 0.3 s) and a
  circuit breaker. After a failure the breaker stays open for `CACHE_BREAKER_SECONDS`
  (default 10 s): every call in that time raises `CacheUnavailable` at once, without touching
  the network; then one call tries again. Code that needs a store every process sees — the
  idempotency keys, the page cache, /healthz/ — uses it and decides what to do without it
  (answer 503, bypass, report `degraded`).
- `default` (`DegradingRedisCache`): the same, but while Redis is unreachable it answers from
  a per-process memory cache instead of raising. Everything that only counts — DRF throttles,
  allauth's login and sign-up limits, the roll-up debounce — keeps counting per process, so a
  limit is never silently lifted; it is only per process until Redis is back.

The breaker is per process and per Redis address, shared by both aliases.

`sliding_window` counts a rate limit in Redis in one atomic round trip (the API throttles);
it raises `CacheUnavailable` like `shared` does, and the caller falls back to counting in the
cache (local while Redis is down).
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class CacheUnavailable(Exception):
    """The shared cache cannot be reached (or was not, a moment ago)."""


class Breaker:
    """Closed: calls go through. Open (after a failure): calls fail fast for `seconds`; then one
    call is let through, and its outcome closes or re-opens the breaker."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.opened_at: float | None = None
        self.lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def allow(self) -> bool:
        with self.lock:
            if self.opened_at is None:
                return True
            if time.monotonic() - self.opened_at >= self.seconds:
                self.opened_at = time.monotonic()  # one trial; the others keep failing fast
                return True
            return False

    def succeeded(self) -> None:
        if self.opened_at is not None:
            with self.lock:
                self.opened_at = None
            log.warning("cache reachable again; circuit breaker closed")

    def failed(self, exc: Exception) -> None:
        with self.lock:
            first = self.opened_at is None
            self.opened_at = time.monotonic()
        if first:
            log.error("cache unreachable (%s); circuit breaker open", exc)


_BREAKERS: dict[str, Breaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(location: str, seconds: float = 10.0) -> Breaker:
    with _BREAKERS_LOCK:
        return _BREAKERS.setdefault(location, Breaker(seconds))


def reset_breakers() -> None:
    """Forget every breaker (tests)."""
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


def _guarded(plain):
    """`plain` (a method talking to Redis) behind the cache's circuit breaker."""

    def call(self, *args, **kwargs):
        if not self.breaker.allow():
            raise CacheUnavailable(f"{self._location}: circuit breaker open")
        try:
            result = plain(self, *args, **kwargs)
        except RedisError as exc:
            self.breaker.failed(exc)
            raise CacheUnavailable(f"{self._location}: {type(exc).__name__}: {exc}") from exc
        self.breaker.succeeded()
        return result

    call.__name__, call.__doc__ = plain.__name__, plain.__doc__
    return call


class ReusedClients(RedisCacheClient):
    """Django's client builds a new `redis.Redis` (with its ~170 response callbacks) for every
    operation: 0.3 ms of CPU each time, twice per claim. One per connection pool does the
    same work (a `redis.Redis` is thread-safe: each command borrows a pooled connection, and
    the pool itself reconnects after a fork)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(pool)
        if client is None:
            client = clients.setdefault(pool, self._client(connection_pool=pool))
        return client


# A sliding-window log as a sorted set (score = time of an admitted call): drop what left the
# window, count, admit when under the limit. One script, so concurrent callers never lose a
# count (a get then a set of the whole log would), and the work is O(log n) with n the calls
# in the window, where reading and writing the log back grows with n.
SLIDING_WINDOW = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local admitted = 0
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  count = count + 1
  admitted = 1
end
redis.call('PEXPIRE', key, math.ceil(window * 1000))
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]
return {admitted, count, oldest or false}
"""


class SharedRedisCache(RedisCache):
    """Redis behind a circuit breaker: raises `CacheUnavailable`, quickly, when it is down."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        breaker_seconds = options.pop("BREAKER_SECONDS", 10.0)
        connect = options.pop("CONNECT_TIMEOUT", 0.3)
        options.setdefault("socket_connect_timeout", connect)
        options.setdefault("socket_timeout", max(connect, 0.5))
        options.setdefault("retry_on_timeout", False)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusedClients
        self._location = server if isinstance(server, str) else ",".join(server)
        self.breaker = breaker_for(self._location, breaker_seconds)
        self._scripts: dict = {}

    def sliding_window(
        self, key: str, now: float, window: float, limit: int
    ) -> tuple[bool, int, float | None]:
        """Admit one call under `limit` calls per `window` seconds ending at `now`, atomically:
        (admitted, calls in the window counting this one if admitted, time of the oldest).
        A call in the window is one at a time > now − window, as DRF's throttles count."""
        client = self._cache.get_client(key, write=True)
        script = self._scripts.get(client)
        if script is None:
            script = self._scripts.setdefault(client, client.register_script(SLIDING_WINDOW))
        member = f"{now!r}:{os.urandom(6).hex()}"  # two calls at the same time count twice
        admitted, count, oldest = script(
            keys=[self.make_and_validate_key(key)],
            args=[repr(now), repr(window), limit, member],
        )
        return bool(admitted), int(count), (float(oldest) if oldest else None)


for _name in OPERATIONS:
    setattr(SharedRedisCache, _name, _guarded(getattr(RedisCache, _name)))
SharedRedisCache.sliding_window = _guarded(SharedRedisCache.sliding_window)


def _degrading(name):
    shared = getattr(SharedRedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return shared(self, *args, **kwargs)
        except CacheUnavailable:
            return getattr(self.local, name)(*args, **kwargs)

    call.__name__ = name
    return call


class DegradingRedisCache(SharedRedisCache):
    """Redis behind the same breaker; while it is down, a per-process memory cache answers."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.local = LocMemCache(f"degraded:{self._location}", {"TIMEOUT": self.default_timeout})


for _name in OPERATIONS:
    setattr(DegradingRedisCache, _name, _degrading(_name))
