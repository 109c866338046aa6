import pytest


@pytest.fixture(autouse=True)
def _api_settings(lenient_throttles):
    """Every partner API test: no throttle counts left over, and high rates."""


@pytest.fixture(autouse=True, scope="module")
def _shared_world(request):
    """Build a SHARED_WORLD module's world before any test's own transaction begins."""
    if getattr(request.module, "SHARED_WORLD", False):
        request.getfixturevalue("module_tenants")


@pytest.fixture
def world(request, db):
    """The API tests speak of the shared two-tenant world as `world`: a fresh one per test, or
    one per module (`module_tenants`, each test in a savepoint) where the module says
    `SHARED_WORLD = True` — modules whose tests only probe it and never commit."""
    if getattr(request.module, "SHARED_WORLD", False):
        return request.getfixturevalue("module_tenants")
    return request.getfixturevalue("tenants")
