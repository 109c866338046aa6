import pytest


@pytest.fixture(autouse=True)
def _api_settings(lenient_throttles):
    """Every partner API test: no throttle counts left over, and high rates."""


@pytest.fixture
def world(tenants):
    """The API tests speak of the shared two-tenant world as `world`."""
    return tenants
