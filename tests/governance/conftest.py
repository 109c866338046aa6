import pytest


@pytest.fixture
def world(collective_world):
    """The governance tests speak of the shared collective world as `world`."""
    return collective_world
