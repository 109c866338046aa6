"""Stale claims in the admin: the "stale" filter and column, the nudge, and a release that asks
for confirmation and a reason the holder is told."""

import pytest
from django.core import mail

from people.models import AuditEvent
from roles.models import Claim
from tests import builders


def act(client, action, pks, **extra):
    return client.post("/admin/roles/claim/", {
        "action": action, "_selected_action": [str(pk) for pk in pks], **extra})


@pytest.fixture
def as_orchestrator(client, org, orchestrator):
    orchestrator.is_staff = True
    orchestrator.save()
    client.force_login(orchestrator)
    return client


def test_stale_filter_and_column(as_orchestrator, org):
    stale = builders.idle_claim(12, stale_after_days=14, initiative__organization=org)
    fresh = builders.idle_claim(2, stale_after_days=14, initiative__organization=org)
    page = as_orchestrator.get("/admin/roles/claim/?needs=stale")
    assert [c.pk for c in page.context["cl"].result_list] == [stale.pk]
    everything = as_orchestrator.get("/admin/roles/claim/")
    flags = {c.pk: c.is_stale for c in everything.context["cl"].result_list}
    assert flags == {stale.pk: True, fresh.pk: False}
    assert "needs attention" in everything.content.decode()


def test_release_asks_for_a_reason_first_then_tells_the_holder(
        as_orchestrator, org, django_capture_on_commit_callbacks):
    claim = builders.idle_claim(3, initiative__organization=org)
    first = act(as_orchestrator, "release_claims", [claim.pk])
    assert first.status_code == 200 and "the holders are told why" in first.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.ACTIVE  # nothing yet
    empty = act(as_orchestrator, "release_claims", [claim.pk], apply="1", reason="  ")
    assert "Give the reason" in empty.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        act(as_orchestrator, "release_claims", [claim.pk], apply="1",
            reason="We paused the river survey until spring.")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RELEASED
    told = [m for m in mail.outbox if m.to == [claim.volunteer.email]]
    assert len(told) == 1 and "We paused the river survey until spring." in told[0].body
    assert AuditEvent.objects.filter(event_type="claims_released", organization=org,
                                     details={"claim_id": claim.pk}).exists()


def test_nudge_sends_the_renew_e_mail_now(as_orchestrator, org,
                                          django_capture_on_commit_callbacks):
    claim = builders.idle_claim(3, initiative__organization=org)
    with django_capture_on_commit_callbacks(execute=True):
        act(as_orchestrator, "nudge_claims", [claim.pk])
    told = [m for m in mail.outbox if m.to == [claim.volunteer.email]]
    assert len(told) == 1 and "/claims/renew/" in told[0].body
    assert Claim.objects.get(pk=claim.pk).reminded_at is not None
    assert AuditEvent.objects.filter(event_type="claims_nudged", organization=org).exists()


def test_another_organization_cannot_nudge_or_release(as_orchestrator, other_org):
    theirs = builders.idle_claim(12, initiative__organization=other_org)
    act(as_orchestrator, "nudge_claims", [theirs.pk])
    act(as_orchestrator, "release_claims", [theirs.pk], apply="1", reason="Mine now")
    theirs.refresh_from_db()
    assert theirs.status == Claim.Status.ACTIVE and theirs.reminded_at is None
    assert not AuditEvent.objects.filter(organization=other_org).exists()
