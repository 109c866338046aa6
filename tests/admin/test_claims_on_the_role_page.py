"""A role's claims on its own page with Release… / Nudge… / Extend…: each
row's button opens a page that asks first, runs the claims list's own action on that one claim
(or the role's "extend stale days"), and comes back to the role's page."""

import pytest
from django.core import mail

from people.models import AuditEvent
from roles.models import Claim, Role
from tests import builders


@pytest.fixture
def as_orchestrator(client, orchestrator):
    orchestrator.is_staff = True
    orchestrator.save()
    client.force_login(orchestrator)
    return client


def role_page(claim):
    return f"/admin/roles/role/{claim.role_id}/change/"


def test_the_role_page_lists_active_claims_with_their_buttons(as_orchestrator, org):
    claim = builders.idle_claim(3, initiative__organization=org)
    page = as_orchestrator.get(role_page(claim)).content.decode()
    for target in (f"/admin/roles/claim/{claim.pk}/release/",
                   f"/admin/roles/claim/{claim.pk}/nudge/",
                   f"/admin/roles/role/{claim.role_id}/extend-stale/"):
        assert f'href="{target}"' in page


def test_release_from_the_role_page_asks_a_reason_then_returns_there(
        as_orchestrator, org, django_capture_on_commit_callbacks):
    claim = builders.idle_claim(3, initiative__organization=org)
    release = f"/admin/roles/claim/{claim.pk}/release/"
    first = as_orchestrator.get(release)
    assert first.status_code == 200 and "the holders are told why" in first.content.decode()
    empty = as_orchestrator.post(release, {"apply": "1", "reason": " "})
    assert empty.status_code == 200 and "Give the reason" in empty.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        done = as_orchestrator.post(release, {"apply": "1", "reason": "Paused until spring."})
    assert done.status_code == 302 and done["Location"] == role_page(claim)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RELEASED
    told = [m for m in mail.outbox if m.to == [claim.volunteer.email]]
    assert len(told) == 1 and "Paused until spring." in told[0].body
    assert AuditEvent.objects.filter(event_type="claims_released", organization=org,
                                     details={"claim_id": claim.pk}).exists()
    # Released: no longer active, so its page is gone.
    assert as_orchestrator.get(release).status_code == 404


def test_nudge_from_the_role_page_confirms_first(as_orchestrator, org,
                                                 django_capture_on_commit_callbacks):
    claim = builders.idle_claim(3, initiative__organization=org)
    nudge = f"/admin/roles/claim/{claim.pk}/nudge/"
    with django_capture_on_commit_callbacks(execute=True):
        asked = as_orchestrator.get(nudge)
    assert asked.status_code == 200 and not mail.outbox
    assert not AuditEvent.objects.filter(event_type="claims_nudged").exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = as_orchestrator.post(nudge, {"apply": "1"})
    assert done.status_code == 302 and done["Location"] == role_page(claim)
    assert [m.to for m in mail.outbox] == [[claim.volunteer.email]]
    assert Claim.objects.get(pk=claim.pk).reminded_at is not None
    assert AuditEvent.objects.filter(event_type="claims_nudged", organization=org,
                                     details={"claim_id": claim.pk}).exists()


def test_extend_from_the_role_page_asks_the_days(as_orchestrator, org):
    claim = builders.idle_claim(3, stale_after_days=14, initiative__organization=org)
    extend = f"/admin/roles/role/{claim.role_id}/extend-stale/"
    assert as_orchestrator.get(extend).status_code == 200
    assert Role.objects.get(pk=claim.role_id).stale_after_days == 14
    bad = as_orchestrator.post(extend, {"apply": "1", "days": "0"})
    assert bad.status_code == 200 and bad.context["form"].errors
    done = as_orchestrator.post(extend, {"apply": "1", "days": "7"})
    assert done.status_code == 302 and done["Location"] == role_page(claim)
    assert Role.objects.get(pk=claim.role_id).stale_after_days == 21


def test_another_organizations_claims_and_roles_answer_404_and_nothing_changes(
        as_orchestrator, other_org, django_capture_on_commit_callbacks):
    theirs = builders.idle_claim(3, stale_after_days=14, initiative__organization=other_org)
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        for target, data in ((f"/admin/roles/claim/{theirs.pk}/release/", {"reason": "x"}),
                             (f"/admin/roles/claim/{theirs.pk}/nudge/", {}),
                             (f"/admin/roles/role/{theirs.role_id}/extend-stale/",
                              {"days": "7"})):
            assert as_orchestrator.get(target).status_code == 404, target
            assert as_orchestrator.post(target, {"apply": "1", **data}).status_code == 404
    claim = Claim.objects.get(pk=theirs.pk)
    assert (claim.status, claim.reminded_at) == (Claim.Status.ACTIVE, None)
    assert Role.objects.get(pk=theirs.role_id).stale_after_days == 14
    assert not mail.outbox and AuditEvent.objects.count() == events
