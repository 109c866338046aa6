"""Records that stay honest: the decision log is append-only; resources
take safe types only and are served as downloads through an access-checked view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from initiatives.models import Decision, Resource
from tests import factories


@pytest.fixture
def as_orchestrator(client, orchestrator):
    orchestrator.is_staff = True
    orchestrator.save()
    client.force_login(orchestrator)
    return client


def test_a_decision_is_not_edited_a_correction_points_at_it(as_orchestrator, org):
    initiative = factories.InitiativeFactory(organization=org)
    old = factories.DecisionFactory(initiative=initiative, title="Meet weekly",
                                    decided_by="The team")
    as_orchestrator.post(f"/admin/initiatives/decision/{old.pk}/change/", {
        "initiative": initiative.pk, "decided_on": "2026-03-01", "title": "Meet monthly",
        "decided_by": "The team"})
    assert Decision.objects.get(pk=old.pk).title == "Meet weekly"  # unchanged
    start = as_orchestrator.get(f"/admin/initiatives/decision/add/?corrects={old.pk}")
    assert start.context["adminform"].form.initial["title"] == "Meet weekly"
    as_orchestrator.post("/admin/initiatives/decision/add/", {
        "initiative": initiative.pk, "decided_on": "2026-03-01", "title": "Meet monthly",
        "rationale": "Weekly was too often.", "decided_by": "The team", "corrects": old.pk})
    correction = Decision.objects.get(title="Meet monthly")
    assert correction.corrects == old and Decision.objects.count() == 2


def _add_resource(client, initiative, upload):
    return client.post("/admin/initiatives/resource/add/", {
        "initiative": initiative.pk, "title": "Kit", "description": "", "url": "",
        "file": upload})


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "accepted"), [
    ("kit.pdf", b"%PDF-1.4\n...", True),
    ("map.png", _png(), True),
    ("page.html", b"<script>alert(1)</script>", False),
    ("fake.pdf", b"<html><script>alert(1)</script>", False),
    ("fake.png", b"<svg onload=alert(1)>", False),
    ("drawing.svg", b"<svg onload=alert(1)>", False),
])
def test_resources_take_safe_types_checked_by_content(as_orchestrator, org, media, name,
                                                      content, accepted):
    initiative = factories.InitiativeFactory(organization=org)
    page = _add_resource(as_orchestrator, initiative, SimpleUploadedFile(name, content))
    assert Resource.objects.filter(initiative=initiative).exists() is accepted
    if not accepted:
        assert page.status_code == 200, page.status_code
        assert "upload a pdf, png" in str(page.context["adminform"].form.errors).lower()


def test_a_file_is_served_as_a_download_to_those_who_may_see_it(client, org, other_org,
                                                                as_orchestrator, media):
    initiative = factories.InitiativeFactory(organization=org, is_public=False,
                                             status="active")
    _add_resource(as_orchestrator, initiative, SimpleUploadedFile("kit.pdf", b"%PDF-1.4 x"))
    resource = Resource.objects.get(initiative=initiative)
    answer = as_orchestrator.get(f"/resources/{resource.pk}/download/")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content) == b"%PDF-1.4 x"
    outsider = factories.MembershipFactory(organization=other_org).user
    client.force_login(outsider)
    assert client.get(f"/resources/{resource.pk}/download/").status_code == 404


def test_a_commitment_is_corrected_with_a_reason_and_keeps_its_history(as_orchestrator, org):
    from governance.models import Commitment

    collective = factories.CollectiveFactory(coordinator=org)
    commitment = factories.CommitmentFactory(collective=collective, title="Report monthyl",
                                             limit_days=7)
    url = f"/admin/governance/commitment/{commitment.pk}/change/"
    data = {"title": "Report monthly", "description": "", "limit_days": "10", "due_on": "",
            "remind_days_before": "3"}
    refused = as_orchestrator.post(url, data)  # no reason
    assert refused.status_code == 200
    assert Commitment.objects.get(pk=commitment.pk).title == "Report monthyl"
    as_orchestrator.post(url, {**data, "reason": "Typo in the title; ten days is fairer."})
    corrected = Commitment.objects.get(pk=commitment.pk)
    assert (corrected.title, corrected.limit_days) == ("Report monthly", 10)
    assert [h.title for h in corrected.history.order_by("history_id")][-1] == "Report monthly"
    assert corrected.history.filter(title="Report monthyl").exists()  # the old version
    assert Decision.objects.filter(collective=collective,
                                   title="Commitment corrected: Report monthyl").exists()


def test_another_organization_cannot_correct_a_commitment(client, other_org):
    from governance.models import Commitment

    theirs = factories.CommitmentFactory(collective=factories.CollectiveFactory(
        coordinator=other_org), title="Theirs")
    intruder = factories.MembershipFactory(level="orchestrator").user
    intruder.is_staff = True
    intruder.save()
    client.force_login(intruder)
    url = f"/admin/governance/commitment/{theirs.pk}/change/"
    client.post(url, {"title": "Mine", "limit_days": "7", "remind_days_before": "3",
                      "reason": "x"})
    assert Commitment.objects.get(pk=theirs.pk).title == "Theirs"
    assert client.get(f"/admin/governance/commitment/{theirs.pk}/history/").status_code == 404
