"""make test's xdist workers each get a Redis database of their own (tests/services_plugin.py)."""

import pytest

from tests.services_plugin import redis_url_for_worker

BASE = "redis://127.0.0.1:6379/7"


def test_a_serial_run_uses_the_base_database():
    assert redis_url_for_worker(BASE, None) == BASE


def test_each_worker_takes_the_base_plus_its_number_wrapping_at_16():
    assert [redis_url_for_worker(BASE, f"gw{k}") for k in range(3)] == [
        "redis://127.0.0.1:6379/7", "redis://127.0.0.1:6379/8", "redis://127.0.0.1:6379/9"]
    ci_base = "redis://127.0.0.1:6379/15"
    assert redis_url_for_worker(ci_base, "gw1") == "redis://127.0.0.1:6379/0"


def test_a_listed_set_of_databases_is_used_in_order():
    assert redis_url_for_worker(BASE, "gw0", "7,10") == "redis://127.0.0.1:6379/7"
    assert redis_url_for_worker(BASE, "gw1", "7, 10") == "redis://127.0.0.1:6379/10"


def test_too_few_listed_databases_stop_the_run_with_a_message():
    with pytest.raises(pytest.UsageError, match="too few for worker gw2"):
        redis_url_for_worker(BASE, "gw2", "7,10")


def test_password_and_host_are_kept():
    url = "redis://:secret@cache.internal:6380/3"
    assert redis_url_for_worker(url, "gw1") == "redis://:secret@cache.internal:6380/4"
