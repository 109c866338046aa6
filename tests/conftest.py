import pytest
from django.test import override_settings

from tests import factories


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """MD5 instead of PBKDF2's 1,000,000 rounds (~0.3 s a user): the factories make many users.
    Processes a test starts (celery worker, gunicorn) keep the real hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def org(db):
    return factories.OrganizationFactory()


@pytest.fixture
def other_org(db):
    return factories.OrganizationFactory()


@pytest.fixture
def volunteer(db):
    return factories.ProfileFactory(weekly_capacity_hours=8).user


@pytest.fixture
def role(db):
    return factories.RoleFactory(seats=2, hours_per_week=2)


# --- governance (issue 11): files uploaded in tests (story images) go to a temporary folder
@pytest.fixture(autouse=True)
def _temporary_media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


from tests.celery_fixtures import celery_worker, redis_broker  # noqa: E402,F401


# --- perf (issue 8): the page cache persists in Redis across tests; tests of it switch it on.
@pytest.fixture(autouse=True)
def _no_public_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
