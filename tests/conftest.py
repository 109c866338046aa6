"""Fixtures for every area. The builders behind them live in tests/builders.py, the one-model
factories in tests/factories.py."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from rest_framework.test import APIClient

from people.models import Membership, Organization
from tests import builders, factories
from tests.celery_fixtures import celery_worker, redis_broker  # noqa: F401


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
    return builders.person(8)


@pytest.fixture
def orchestrator(org):
    return builders.staff(org)


@pytest.fixture
def owner(org):
    return builders.staff(org, Membership.Level.OWNER)


@pytest.fixture
def role(db):
    return factories.RoleFactory(seats=2, hours_per_week=2)


@pytest.fixture
def collective_world(db):
    """Alpha coordinates "Every School" with Beta; Xeno is outside (see tests/builders.py)."""
    return builders.build_collective_world()


@pytest.fixture
def tenants(db):
    """Two organizations, `a` and `b`, each with a full set of private rows (build_tenant)."""
    return {"a": builders.build_tenant("a"), "b": builders.build_tenant("b")}


@pytest.fixture(scope="module")
def module_tenants(django_db_setup, django_db_blocker):
    """`tenants` built once for a whole module inside an outer transaction: each test runs in
    a savepoint of it (pytest-django's own atomic nests), and everything is rolled back when
    the module ends. For modules that only probe the world (the isolation matrices)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        built = {"a": builders.build_tenant("a"), "b": builders.build_tenant("b")}
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        left = Organization.objects.filter(pk__in=[t.org.pk for t in built.values()])
        assert not left.exists(), "the module's world outlived it"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files (story pictures) of this test alone, in a folder it can list."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_cache():
    """Rate limiters and API throttles count in the cache: start and end the test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lenient_throttles(settings, fresh_cache):
    """API throttles high enough that a test's many calls are never refused."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/min", "key": "10000/min", "auth_failure": "10000/min"}}


# Files uploaded in tests (story images) go to a temporary folder.
@pytest.fixture(autouse=True)
def _temporary_media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


# A request in another language (Accept-Language, the switcher) leaves that language active
# on the thread, as Django does; every test starts in the site's default.
@pytest.fixture(autouse=True)
def _site_language(settings):
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The page cache persists in Redis across tests; the tests of it switch it on.
@pytest.fixture(autouse=True)
def _no_public_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache_on(settings, db):
    """The anonymous page and API list cache on for one test, empty before and after."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()
