"""Whether an organization listens for webhooks is cached; a new endpoint is heard at once,
a stale "no" never outlives an endpoint's commit, and one organization's endpoints say
nothing about another's."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import services as roles_services
from tests import factories
from webhooks import listening
from webhooks.models import WebhookDelivery


@pytest.fixture
def cached(settings):
    """As with Redis: the `shared` alias keeps the answers (locmem when tests run without)."""
    settings.REDIS_URL = settings.REDIS_URL or "redis://127.0.0.1:6379/15"

    def forget(*organization_ids):
        for org in organization_ids:
            caches["shared"].delete(listening._key(org))
    return forget


def _claim(role):
    person = factories.ProfileFactory(weekly_capacity_hours=8).user
    return roles_services.claim_role(role=role, volunteer=person)


def test_the_answer_is_asked_once_then_remembered(db, cached):
    org = factories.OrganizationFactory()
    cached(org.pk)
    with CaptureQueriesContext(connection) as asked:
        assert listening.organization_listens(org.pk) is False
        assert listening.organization_listens(org.pk) is False
    assert len(asked) == 1


def test_an_endpoint_registered_after_a_cached_no_gets_the_next_claim(db, cached):
    role = factories.RoleFactory(seats=3, hours_per_week=1)
    cached(role.organization_id)
    _claim(role)  # caches "no endpoint"
    assert listening.organization_listens(role.organization_id) is False

    endpoint = factories.WebhookEndpointFactory(organization=role.organization)
    claim = _claim(role)

    assert WebhookDelivery.objects.get(endpoint=endpoint).event_key == (
        f"claim:{claim.pk}:role.claimed")


def test_a_no_read_before_an_endpoint_committed_cannot_outlive_the_commit(
        db, cached, django_capture_on_commit_callbacks):
    org = factories.OrganizationFactory()
    cached(org.pk)
    with django_capture_on_commit_callbacks(execute=True):
        factories.WebhookEndpointFactory(organization=org)
    # a reader that asked the database before that commit stores its "no" only now
    caches["shared"].add(listening._key(org.pk), False, listening.SECONDS)
    assert listening.organization_listens(org.pk) is True


def test_a_deleted_endpoint_leaves_a_yes_that_sends_nothing(db, cached):
    role = factories.RoleFactory(seats=3, hours_per_week=1)
    endpoint = factories.WebhookEndpointFactory(organization=role.organization)
    endpoint.delete()
    assert listening.organization_listens(role.organization_id) is True
    _claim(role)
    assert not WebhookDelivery.objects.exists()


def test_another_organizations_endpoint_neither_hears_nor_changes_this_ones_answer(
        db, cached):
    role = factories.RoleFactory(seats=3, hours_per_week=1)
    other = factories.RoleFactory(seats=3, hours_per_week=1)
    cached(role.organization_id, other.organization_id)
    _claim(role)  # this organization: "no endpoint", remembered
    theirs = factories.WebhookEndpointFactory(organization=other.organization)

    _claim(role)
    claim = _claim(other)

    assert listening.organization_listens(role.organization_id) is False
    assert [d.event_key for d in WebhookDelivery.objects.all()] == [
        f"claim:{claim.pk}:role.claimed"]
    assert WebhookDelivery.objects.get().endpoint == theirs


def test_without_redis_the_database_is_asked_every_time(db, settings):
    settings.REDIS_URL = None
    org = factories.OrganizationFactory()
    with CaptureQueriesContext(connection) as asked:
        listening.organization_listens(org.pk)
        listening.organization_listens(org.pk)
    assert len(asked) == 2
