"""Webhooks: registered through the API, signed, sent by Celery after commit, retried after
a failure, logged, replayable; never sent anywhere but 127.0.0.1 in development and tests."""

import hashlib
import hmac
import json
import re
import time

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from crowddo.errors import Invalid, NotAllowed
from dashboards import services as dashboards_services
from people import access
from roles import services as roles_services
from tests import factories
from tests.builders import api_key, bearer, staff
from tests.celery_fixtures import start_worker, stop_worker, wait_for
from tests.webhooks.conftest import Receiver
from webhooks import services
from webhooks.models import DESCRIPTION_MAX_LENGTH, WebhookDelivery, WebhookEndpoint


def verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """What a partner does (as in the README): recompute the HMAC over "t.body"."""
    fields = dict(part.split("=", 1) for part in headers["Crowddo-Signature"].split(","))
    if abs(time.time() - int(fields["t"])) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def register(org, url: str, events: list[str]) -> tuple[WebhookEndpoint, str]:
    _, raw = api_key(org, can_write=True)
    response = APIClient().post("/api/v1/webhooks/", {"url": url, "events": events},
                                format="json", **bearer(raw))
    assert response.status_code == 201, response.content
    return WebhookEndpoint.objects.get(pk=response.json()["id"]), response.json()["secret"]


@pytest.fixture
def role(db):
    return factories.RoleFactory(seats=3, hours_per_week=1)


def test_claim_is_delivered_signed_after_a_failed_attempt(
        role, receiver, django_capture_on_commit_callbacks):
    endpoint, secret = register(role.organization, receiver.url, ["role.claimed"])
    volunteer = factories.ProfileFactory(weekly_capacity_hours=8).user
    with django_capture_on_commit_callbacks(execute=True):
        claim = roles_services.claim_role(role=role, volunteer=volunteer)

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.event, delivery.status, delivery.attempts) == ("role.claimed", "delivered", 2)
    assert delivery.last_status_code == 200 and delivery.delivered_at is not None
    assert len(receiver.requests) == 2  # the 500, then the retry
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert verify(secret, second["headers"], second["body"])
    assert not verify("wrong-secret", second["headers"], second["body"])
    payload = json.loads(second["body"])
    assert payload["event"] == "role.claimed" and payload["id"] == str(delivery.uuid)
    assert payload["data"]["claim"]["id"] == claim.pk
    assert volunteer.email not in second["body"].decode()
    assert second["headers"]["Crowddo-Event"] == "role.claimed"


def test_nothing_is_sent_before_commit_or_for_unsubscribed_events(role, receiver):
    register(role.organization, receiver.url, ["claim.verified"])
    roles_services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_gives_up_after_the_last_attempt_and_replay_sends_again(
        role, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver([500, 502, 503]) as failing:
        endpoint, _ = register(role.organization, failing.url, ["role.claimed"])
        with django_capture_on_commit_callbacks(execute=True):
            roles_services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == \
            ("failed", 3, 503)

        key, raw = api_key(role.organization, can_write=True)
        with django_capture_on_commit_callbacks(execute=True):
            response = APIClient().post(f"/api/v1/webhook-deliveries/{delivery.pk}/replay/",
                                        **bearer(raw))
        assert response.status_code == 202
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.replays) == ("delivered", 1, 1)
        assert len(failing.requests) == 4


def test_same_occurrence_is_recorded_once(role, receiver):
    endpoint, _ = register(role.organization, receiver.url, ["milestone.reached"])
    for _ in range(2):
        services.webhook_event_emit(organization_id=role.organization_id,
                                    event="milestone.reached", event_key="initiative:1:ms:50",
                                    data={})
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1


def test_milestones_fire_once_each_as_progress_crosses_them(role, receiver):
    endpoint, _ = register(role.organization, receiver.url, ["milestone.reached"])
    initiative = role.initiative  # goal_target 100
    volunteer = factories.ProfileFactory(weekly_capacity_hours=8).user
    claim = roles_services.claim_role(role=role, volunteer=volunteer)
    orchestrator = staff(role.organization)
    for count in (30, 25):  # 30 % then 55 %, once an orchestrator has verified the work
        done = roles_services.contribution_log(claim=claim, volunteer=volunteer, hours=1,
                                               date=timezone.localdate(),
                                               micro_improvements=count)
        roles_services.contribution_verify(contribution=done, verifier=orchestrator)
        dashboards_services.refresh_initiative(initiative_id=initiative.pk)
    dashboards_services.refresh_initiative(initiative_id=initiative.pk)
    keys = sorted(WebhookDelivery.objects.filter(endpoint=endpoint)
                  .values_list("payload__data__milestone_percent", flat=True))
    assert keys == [25, 50]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the set-based reconciliation runs on PostgreSQL")
def test_a_milestone_reached_through_the_reconciliation_fires_its_webhook(
        role, receiver, django_capture_on_commit_callbacks):
    """The set-based reconciliation writes the progress table with SQL (no model signal):
    the milestones it records still reach the organization's endpoint, once."""
    endpoint, secret = register(role.organization, receiver.url, ["milestone.reached"])
    volunteer = factories.ProfileFactory(weekly_capacity_hours=8).user
    claim = roles_services.claim_role(role=role, volunteer=volunteer)
    done = roles_services.contribution_log(claim=claim, volunteer=volunteer, hours=1,
                                           date=timezone.localdate(), micro_improvements=55)
    roles_services.contribution_verify(contribution=done, verifier=staff(role.organization))
    for _ in range(2):  # the second reconciliation records nothing new, sends nothing
        with django_capture_on_commit_callbacks(execute=True):
            dashboards_services.rollup_everything()
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert sorted(d.payload["data"]["milestone_percent"] for d in deliveries) == [25, 50]
    assert {d.status for d in deliveries} == {"delivered"}
    assert {d.payload["data"]["micro_improvements"] for d in deliveries} == {55}
    assert {d.payload["data"]["initiative"]["slug"] for d in deliveries} == {role.initiative.slug}
    assert verify(secret, receiver.requests[-1]["headers"], receiver.requests[-1]["body"])


def test_an_initiative_of_another_organization_sends_nothing_to_this_endpoint(role, receiver):
    endpoint, _ = register(role.organization, receiver.url, ["milestone.reached"])
    other = factories.RoleFactory(seats=3, hours_per_week=1)
    volunteer = factories.ProfileFactory(weekly_capacity_hours=8).user
    claim = roles_services.claim_role(role=other, volunteer=volunteer)
    roles_services.contribution_log(claim=claim, volunteer=volunteer, hours=1,
                                    date=timezone.localdate(), micro_improvements=100)
    dashboards_services.refresh_initiative(initiative_id=other.initiative_id)
    assert not WebhookDelivery.objects.filter(endpoint=endpoint).exists()


def test_urls_must_be_loopback_in_development_and_https_public_otherwise(role, settings):
    owner = factories.MembershipFactory(organization=role.organization, level="owner").user
    with pytest.raises(Invalid, match="127.0.0.1"):
        services.webhook_endpoint_create(organization=role.organization, actor=owner,
                                         url="https://example.org/hook", events=["role.claimed"])
    settings.WEBHOOK_LOOPBACK_ONLY = False
    for url in ("http://example.org/hook", "https://127.0.0.1/hook", "https://10.0.0.5/x",
                "https://localhost/x", "ftp://example.org/x"):
        with pytest.raises(Invalid):
            services.webhook_endpoint_create(organization=role.organization, actor=owner,
                                             url=url, events=["role.claimed"])
    assert not WebhookEndpoint.objects.exists()


def test_delivery_to_a_non_loopback_host_is_refused_at_send_time(role, settings):
    endpoint = factories.WebhookEndpointFactory(organization=role.organization,
                                                url="https://example.org/hook")
    delivery = factories.WebhookDeliveryFactory(endpoint=endpoint)
    settings.WEBHOOK_LOOPBACK_ONLY = True
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert "only 127.0.0.1" in delivery.last_error and delivery.last_status_code is None


def test_another_organization_cannot_manage_or_replay(role, receiver):
    endpoint, _ = register(role.organization, receiver.url, ["role.claimed"])
    outsider = factories.MembershipFactory(level="owner").user
    other_key, _ = api_key(outsider.memberships.get().organization, can_write=True)
    for actor in (outsider, other_key):
        with pytest.raises(NotAllowed):
            services.webhook_endpoint_update(endpoint=endpoint, actor=actor, url=receiver.url)
    endpoint.refresh_from_db()
    assert endpoint.url == receiver.url


@pytest.mark.redis
def test_real_worker_sends_after_commit_and_retries_with_backoff(monkeypatch, redis_broker,
                                                                 tmp_path):
    monkeypatch.setenv("WEBHOOK_RETRY_BASE_SECONDS", "1")  # read by the worker at start
    monkeypatch.setenv("WEBHOOK_MAX_ATTEMPTS", "3")
    with Receiver([500]) as failing_once:
        role = factories.RoleFactory(seats=3, hours_per_week=1)
        endpoint, secret = register(role.organization, failing_once.url, ["role.claimed"])
        worker = start_worker(redis_broker, tmp_path / "worker.log")
        try:
            roles_services.claim_role(role=role, volunteer=factories.ProfileFactory().user)
            delivery = wait_for(lambda: WebhookDelivery.objects.filter(
                endpoint=endpoint, status="delivered").first(), timeout=60)
        finally:
            stop_worker(worker)
    assert delivery.attempts == 2 and delivery.last_status_code == 200
    assert len(failing_once.requests) == 2
    assert verify(secret, failing_once.requests[1]["headers"], failing_once.requests[1]["body"])


def test_may_manage_is_the_one_check_with_the_one_message(role, receiver):
    endpoint, _ = register(role.organization, receiver.url, ["role.claimed"])
    outsider = factories.MembershipFactory(level="owner").user
    _, read_only = api_key(role.organization)
    member = factories.MembershipFactory(organization=role.organization).user
    for actor in (outsider, api_key(role.organization)[0], member):
        with pytest.raises(NotAllowed, match=re.escape(access.MANAGER_ONLY)):
            services.webhook_endpoint_update(endpoint=endpoint, actor=actor, is_active=False)
    response = APIClient().patch(f"/api/v1/webhooks/{endpoint.pk}/", {"is_active": False},
                                 format="json", **bearer(read_only))
    assert response.status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_a_description_over_the_limit_is_refused_not_cut(role):
    owner = factories.MembershipFactory(organization=role.organization, level="owner").user
    too_long = "x" * (DESCRIPTION_MAX_LENGTH + 1)
    with pytest.raises(Invalid, match=f"at most {DESCRIPTION_MAX_LENGTH} characters"):
        services.webhook_endpoint_create(organization=role.organization, actor=owner,
                                         url="http://127.0.0.1:8401/hook",
                                         events=["role.claimed"], description=too_long)
    _, raw = api_key(role.organization, can_write=True)
    response = APIClient().post("/api/v1/webhooks/", {
        "url": "http://127.0.0.1:8401/hook", "events": ["role.claimed"],
        "description": too_long}, format="json", **bearer(raw))
    assert response.status_code == 400 and "description" in response.json()["fields"]
    assert not WebhookEndpoint.objects.exists()
