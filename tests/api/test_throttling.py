"""Throttles that hold: callers are told apart by the address our own proxies saw, never by a
header the caller writes, and failed authentication is slowed down per address."""

from rest_framework.settings import api_settings

from tests.builders import API, bearer


def rates(settings, **overrides):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/min", "key": "10000/min", "auth_failure": "10000/min", **overrides}}


def test_num_proxies_follows_the_trusted_proxy_count(settings):
    assert api_settings.NUM_PROXIES == settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_with_no_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
        api, world, settings):
    rates(settings, anon="60/min")
    codes = [api.get(f"{API}regions/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n % 250}, 10.0.0.{n}")
             .status_code for n in range(100)]
    assert codes.count(200) == 60 and codes[60:] == [429] * 40


def test_behind_one_trusted_proxy_callers_are_told_apart_by_the_proxy_address(
        api, world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rates(settings, anon="2/min")
    first = [api.get(f"{API}regions/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
             for _ in range(3)]
    other = api.get(f"{API}regions/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code
    assert first == [200, 200, 429] and other == 200


def test_failed_authentication_is_throttled_per_address(api, world, settings):
    rates(settings, auth_failure="5/min")
    wrong = [api.get(f"{API}claims/", **bearer(f"guess{n}.secret")).status_code
             for n in range(7)]
    assert wrong == [401] * 5 + [429] * 2
    blocked = api.get(f"{API}claims/", **bearer(world["a"].keys["read"]))
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "failed authentications" in blocked.json()["message"]
    elsewhere = api.get(f"{API}claims/", REMOTE_ADDR="192.0.2.77",
                        **bearer(world["a"].keys["read"]))
    assert elsewhere.status_code == 200


def test_successful_authentication_is_not_counted_as_failure(api, world, settings):
    rates(settings, auth_failure="2/min")
    codes = [api.get(f"{API}claims/", **bearer(world["a"].keys["read"])).status_code
             for _ in range(5)]
    assert codes == [200] * 5
