"""Which tests are slow, and the order tests run in (README, Tests).

Loaded with `-p tests.scheduling_plugin` (pyproject addopts). `make test` runs the suite on
pytest-xdist workers with `--dist load --maxschedchunk 4`: the workers take the tests a few
at a time in collection order, so the slow ones are put first and the quick ones left to
even out the end, and both workers finish together.

Why `load`: it hands out tests by their index. The scope-based modes (loadscope, loadfile,
loadgroup) key their queue by node id, and schemathesis gives its 45 generated tests per
function one node id, so those modes silently ran one of each (1018 of 1106 tests). Each
worker still sees the collection order below monotonically, which `worksteal` would not.

A test is slow when it starts processes or waits on them: a real Celery worker or broker,
a browser against the live server, a fault test (tests/faults), or it carries
`@pytest.mark.slow` itself. Slow tests still run in `make test`; `-m "not slow"` leaves
them out of a quick local run.
"""

import pytest
from pytest_django.fixtures import validate_django_db

SLOW_FIXTURES = {"celery_worker", "redis_broker", "live_server", "chromium"}
SLOW_FOLDERS = ("tests/faults/",)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "slow: starts processes or waits on them (worker, browser, fault); run first, still "
        "in make test",
    )
    config.pluginmanager.register(_SlowFirst(), "crowddo-slow-first")


def _is_slow(item) -> bool:
    if item.get_closest_marker("slow"):
        return True
    if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    return item.nodeid.startswith(SLOW_FOLDERS)


def _django_phase(item) -> int:
    """pytest-django's order: database tests, then transactional ones, then the rest.

    Kept, because a transactional test empties the tables when it ends, rows made by
    data migrations (the SDGs) included, and database tests after it would miss them.
    """
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = False
    if marker:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        transactional = transaction or reset_sequences
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    if marker or "db" in fixtures:
        return 0
    return 2


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)  # before `-m` selects on it


class _SlowFirst:
    @pytest.hookimpl(trylast=True)  # after pytest-django's own ordering
    def pytest_collection_modifyitems(self, items):
        items.sort(key=lambda item: (_django_phase(item), not item.get_closest_marker("slow")))

