"""Webhooks in the admin: endpoints managed by orchestrators through the services, the delivery
log read-only with a replay action. (Other organizations: tests/admin/test_isolation_matrix.)"""

import pytest
from django.test import Client

from people.models import AuditEvent
from tests import factories
from webhooks.models import WebhookDelivery, WebhookEndpoint

ADD = "/admin/webhooks/webhookendpoint/add/"
DELIVERIES = "/admin/webhooks/webhookdelivery/"


@pytest.fixture
def orchestrator(db):
    membership = factories.MembershipFactory(level="orchestrator")
    client = Client()
    client.force_login(membership.user)
    return client, membership.organization


def test_an_orchestrator_registers_an_endpoint_and_sees_its_secret_once(orchestrator):
    client, org = orchestrator
    response = client.post(ADD, {"organization": org.pk, "url": "http://127.0.0.1:8409/hook",
                                 "events": ["role.claimed", "claim.verified"],
                                 "description": "CRM", "is_active": "on"})
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get(organization=org)
    assert endpoint.events == ["claim.verified", "role.claimed"]  # sorted by the service
    assert len(endpoint.secret) == 64
    # On the page of this response, never in a Django message (messages may be a cookie).
    assert endpoint.secret in response.content.decode()
    assert not any(endpoint.secret in str(m) for m in response.context["messages"])
    assert endpoint.secret not in response.cookies.output()
    assert AuditEvent.objects.filter(organization=org, event_type="webhook_created").exists()
    assert endpoint.secret not in client.get(
        f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/").content.decode()


def test_the_services_refusal_is_a_form_error_and_nothing_is_saved(orchestrator):
    client, org = orchestrator
    response = client.post(ADD, {"organization": org.pk, "url": "https://example.org/hook",
                                 "events": ["role.claimed"], "description": ""})
    assert response.status_code == 200
    assert "must be on 127.0.0.1" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_orchestrator_deactivates_an_endpoint_and_cannot_delete_it(orchestrator):
    client, org = orchestrator
    endpoint = factories.WebhookEndpointFactory(organization=org)
    change = f"/admin/webhooks/webhookendpoint/{endpoint.pk}/change/"
    response = client.post(change, {"url": endpoint.url, "events": ["role.claimed"],
                                    "description": "paused"})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.description) == (False, "paused")
    assert client.get(f"/admin/webhooks/webhookendpoint/{endpoint.pk}/delete/").status_code \
        == 403


def test_deliveries_are_read_only_and_replay_sends_finished_ones_again(orchestrator):
    client, org = orchestrator
    endpoint = factories.WebhookEndpointFactory(organization=org)
    failed = factories.WebhookDeliveryFactory(
        endpoint=endpoint, status=WebhookDelivery.Status.FAILED, event_key="a", attempts=6)
    pending = factories.WebhookDeliveryFactory(
        endpoint=endpoint, status=WebhookDelivery.Status.PENDING, event_key="b", attempts=6)
    change = f"{DELIVERIES}{failed.pk}/change/"
    assert client.post(change, {"status": "delivered"}).status_code == 403
    response = client.post(DELIVERIES, {"action": "replay_deliveries",
                                        "_selected_action": [failed.pk, pending.pk]},
                           follow=True)
    assert "1 deliveries queued again" in response.content.decode()
    failed.refresh_from_db()
    pending.refresh_from_db()
    assert (failed.status, failed.attempts, failed.replays) == ("pending", 0, 1)
    assert (pending.attempts, pending.replays) == (6, 0)


def test_a_member_who_does_not_orchestrate_cannot_open_the_webhooks_admin(db):
    member = factories.MembershipFactory(level="member")
    factories.WebhookEndpointFactory(organization=member.organization)
    client = Client()
    client.force_login(member.user)
    assert client.get(DELIVERIES).status_code in (302, 403)
    assert client.get("/admin/webhooks/webhookendpoint/").status_code in (302, 403)
