"""Throttles that hold: callers are told apart by the address our own proxies saw, never by a
header the caller writes, and failed authentication is slowed down per address. The anonymous
and key throttles count in Redis with one atomic script (`crowddo.cache.sliding_window`) and
in the cache without Redis: the same answers either way (`store` runs a test on both)."""

import os
import threading
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import caches
from rest_framework.settings import api_settings

from crowddo import cache as crowddo_cache
from people.api.throttles import AnonymousThrottle
from tests.builders import API, bearer


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def store(request, settings):
    """The throttles' store: the per-process cache (no REDIS_URL) or the real Redis."""
    if request.param == "redis":
        url = os.environ["CROWDDO_TEST_REDIS_URL"]
        redis.Redis.from_url(url).flushdb()
        crowddo_cache.reset_breakers()
        settings.CACHES = {
            **settings.CACHES,
            "default": {"BACKEND": "crowddo.cache.DegradingRedisCache", "LOCATION": url},
        }
        yield request.param
        redis.Redis.from_url(url).flushdb()
        crowddo_cache.reset_breakers()
    else:
        yield request.param


def rates(settings, **overrides):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "10000/min",
            "key": "10000/min",
            "auth_failure": "10000/min",
            **overrides,
        },
    }


def test_num_proxies_follows_the_trusted_proxy_count(settings):
    assert api_settings.NUM_PROXIES == settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_with_no_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    api, world, settings, store
):
    rates(settings, anon="60/min")
    codes = [
        api.get(
            f"{API}regions/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}, 10.0.0.{n}"
        ).status_code
        for n in range(100)
    ]
    assert codes.count(200) == 60 and codes[60:] == [429] * 40


def test_behind_one_trusted_proxy_callers_are_told_apart_by_the_proxy_address(
    api, world, settings, store
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rates(settings, anon="2/min")
    first = [
        api.get(f"{API}regions/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code for _ in range(3)
    ]
    other = api.get(f"{API}regions/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code
    assert first == [200, 200, 429] and other == 200


def test_failed_authentication_is_throttled_per_address(api, world, settings):
    rates(settings, auth_failure="5/min")
    wrong = [api.get(f"{API}claims/", **bearer(f"guess{n}.secret")).status_code for n in range(7)]
    assert wrong == [401] * 5 + [429] * 2
    blocked = api.get(f"{API}claims/", **bearer(world["a"].keys["read"]))
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "failed authentications" in blocked.json()["message"]
    elsewhere = api.get(
        f"{API}claims/", REMOTE_ADDR="192.0.2.77", **bearer(world["a"].keys["read"])
    )
    assert elsewhere.status_code == 200


def test_successful_authentication_is_not_counted_as_failure(api, world, settings):
    rates(settings, auth_failure="2/min")
    codes = [
        api.get(f"{API}claims/", **bearer(world["a"].keys["read"])).status_code for _ in range(5)
    ]
    assert codes == [200] * 5


def test_a_key_over_its_rate_waits_as_long_as_its_oldest_call_says(api, world, settings, store):
    rates(settings, key="3/min")
    codes = [
        api.get(f"{API}claims/", **bearer(world["a"].keys["read"])).status_code for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    refused = api.get(f"{API}claims/", **bearer(world["a"].keys["read"]))
    # the oldest of the three calls leaves the window about 60 s after it was made
    assert refused.status_code == 429 and 55 <= int(refused["Retry-After"]) <= 60
    other_key = api.get(f"{API}claims/", **bearer(world["b"].keys["read"]))
    assert other_key.status_code == 200


@pytest.mark.parametrize("store", [pytest.param("redis", marks=pytest.mark.redis)], indirect=True)
def test_concurrent_calls_never_lose_a_count(store, settings):
    """40 threads, 5 calls each, a limit of 50: exactly 50 admitted. Reading the log and
    writing it back (DRF's own throttle) lets concurrent calls overwrite each other's count."""
    rates(settings, anon="50/min")
    caller = SimpleNamespace(auth=None, headers={}, META={"REMOTE_ADDR": "192.0.2.40"})
    admitted, start = [], threading.Barrier(40)

    def calls():
        start.wait()
        for _ in range(5):
            admitted.append(AnonymousThrottle().allow_request(caller, None))
        caches["default"].close()

    threads = [threading.Thread(target=calls) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert admitted.count(True) == 50 and admitted.count(False) == 150
