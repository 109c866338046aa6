"""Erasure is complete: every free-text field a person writes is declared with the
privacy registry, and after deletion none of it is anywhere in the database.

The fields are found by introspection: every Char/TextField of every CrowdDo model (history
tables included) must be declared `Written` by some app, be one of people's own, or be listed
as not personal. The second test fills every declared field of the person's rows (live and
history copies) with a marker, deletes the account and searches every text column for it.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from PIL import Image

from governance import services as governance
from governance.models import Commitment, CommitmentStatus, Story
from people import privacy
from people.models import User, VolunteerProfile
from people.privacy import privacy_delete, privacy_export
from roles import services
from roles.models import Claim, InitiativeProposal, Proposal
from roles.services import feedback
from tests import builders, factories
from tests.people.test_privacy import _progress, _tables_containing

APPS = ("people", "initiatives", "roles", "dashboards", "governance", "webhooks")
MARK = "PRIVATE-MARK"


def _declared() -> tuple[set, set]:
    personal, not_personal = set(), set()
    for name, fields in privacy.OWN_PERSONAL.items():
        personal |= {("people", name, f) for f in fields}
    for name, fields in privacy.OWN_NOT_PERSONAL.items():
        not_personal |= {("people", name, f) for f in fields}
    for part in privacy.PARTS:
        for written in part.written:
            meta = written.model._meta
            personal |= {(meta.app_label, meta.object_name, f) for f in written.fields}
        for name, fields in part.not_personal.items():
            not_personal |= {(part.app, name, f) for f in fields}
    return personal, not_personal


def _free_text_fields():
    """(app, model name, field) of every free-text column of every CrowdDo model; a history
    model's columns are named after the model it copies."""
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in APPS:
            continue
        original = getattr(model, "instance_type", model)  # django-simple-history
        for field in meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if original is not model and field.name in privacy.HISTORY_BOOKKEEPING:
                continue
            yield meta.app_label, original._meta.object_name, field.name


def test_every_free_text_field_is_declared_personal_or_not_personal():
    personal, not_personal = _declared()
    found = set(_free_text_fields())
    undeclared = sorted(found - personal - not_personal)
    assert undeclared == [], (
        "declare these fields with people.privacy.register (written=... if a person writes "
        f"them, not_personal=... otherwise): {undeclared}")
    assert not personal & not_personal
    assert sorted((personal | not_personal) - found) == []  # no stale declarations


def picture():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _everything_a_person_writes(person, peer, orchestrator, capture):
    """Rows of every kind the registry declares, written (or decided) by `person`."""
    today = timezone.localdate()
    role = factories.RoleFactory(seats=3, hours_per_week=2)
    org, initiative = role.organization, role.initiative
    factories.MembershipFactory(user=orchestrator, organization=org, level="orchestrator")
    # Both have verified work of their own in the initiative, so each may verify the other.
    mine = builders.give_standing(person, initiative, role=role)
    theirs = builders.give_standing(peer, initiative, role=role)
    Claim.objects.filter(pk__in=[mine.pk, theirs.pk]).update(
        claimed_at=timezone.now() - dt.timedelta(days=5))
    with capture(execute=True):  # an evidence picture: its file is written after commit
        first = services.contribution_log(claim=mine, volunteer=person, date=today,
                                          hours=Decimal("2"), micro_improvements=3, note="n",
                                          evidence_image=picture())
    second = services.contribution_log(claim=mine, volunteer=person, date=today,
                                       hours=Decimal("1"), note="n")
    peer_work = services.contribution_log(claim=theirs, volunteer=peer, date=today,
                                          hours=Decimal("1"), note="n")
    services.contribution_verify(contribution=first, verifier=peer, comment="Well done")
    services.contribution_verify(contribution=peer_work, verifier=person, comment="Checked")
    feedback.contribution_send_back(contribution=second, verifier=peer, comment="Which one?")
    feedback.contribution_resubmit(contribution=second, volunteer=person, hours=1,
                                   micro_improvements=0, note="That one.")
    services.proposal_submit(initiative=initiative, author=person, title="Pending idea",
                             description="d")
    declined = services.proposal_submit(initiative=initiative, author=person, title="Idea",
                                        description="d")
    services.proposal_decline(proposal=declined, orchestrator=orchestrator, reason="Not now")
    # The person decides on someone else's proposal too (as an orchestrator elsewhere).
    Proposal.objects.create(organization=org, initiative=initiative, author=peer, title="t",
                            description="d", status=Proposal.Status.DECLINED,
                            decline_reason="r", decided_by=person)
    # A whole initiative proposed, and one the person declined elsewhere.
    InitiativeProposal.objects.create(organization=org, author=person, name="n", purpose="p",
                                      first_roles="r", status=Proposal.Status.ACCEPTED)
    InitiativeProposal.objects.create(organization=org, author=peer, name="n", purpose="p",
                                      status=Proposal.Status.DECLINED, decline_reason="r",
                                      decided_by=person)
    with capture(execute=True):
        own_story = governance.story_attach(actor=person, contribution=first, title="Shelves",
                                            text="t", image=picture(), image_alt="a")
        about_me = governance.story_attach(actor=orchestrator, contribution=first, title="T",
                                           text="t", image=picture(), image_alt="a")
    commitment = Commitment.objects.create(organization=org, title="c", description="d",
                                           collective=factories.CollectiveFactory(),
                                           kind=Commitment.Kind.MARKED, due_on=today,
                                           starts_on=today)
    CommitmentStatus.objects.create(organization=org, commitment=commitment, marked_by=person,
                                    note="kept")
    services.claim_complete(claim=mine, volunteer=person, handoff_note="h", handoff_open="o",
                            handoff_ask="a")
    first.refresh_from_db()
    return {"stories": [own_story, about_me], "initiative": initiative,
            "files": [s.image.name for s in (own_story, about_me)] + [first.evidence_image.name]}


def _fill_with_markers(person) -> int:
    """Every declared field of the person's rows (and their history copies) gets a marker."""
    filled = 0
    for part in privacy.PARTS:
        for written in part.written:
            model = written.model
            rows = model._default_manager.filter(**{written.author: person})
            ids = list(rows.values_list("pk", flat=True))
            assert ids, f"the fixture wrote no {model.__name__} by the person: add one"
            for pk in ids:
                values = {f: f"{MARK}-{model.__name__}-{f}-{pk}"[:model._meta.get_field(
                    f).max_length or 200] for f in written.fields}
                model._default_manager.filter(pk=pk).update(**values)
                history = getattr(model, "history", None)
                if history is not None:
                    assert history.model._default_manager.filter(id=pk).exists()
                    history.model._default_manager.filter(id=pk).update(**values)
                filled += 1
    User.objects.filter(pk=person.pk).update(display_name=f"{MARK}-name")
    VolunteerProfile.objects.filter(user=person).update(bio=f"{MARK}-bio")
    return filled


@pytest.mark.postgres
def test_deletion_leaves_none_of_a_persons_words_and_no_image_files(
        db, media, django_capture_on_commit_callbacks):
    person = factories.ProfileFactory(weekly_capacity_hours=20).user
    peer = factories.ProfileFactory(weekly_capacity_hours=20).user
    orchestrator = factories.UserFactory()
    made = _everything_a_person_writes(person, peer, orchestrator,
                                       django_capture_on_commit_callbacks)
    images = [media / name for name in made["files"]]  # story and evidence pictures
    assert len(images) == 3 and all(path.exists() for path in images)
    assert _fill_with_markers(person) >= 8
    before = _progress(made["initiative"].pk)
    exported = privacy_export(person)
    assert MARK in str(exported["claims"]) and MARK in str(exported["stories"])

    with django_capture_on_commit_callbacks(execute=True):
        privacy_delete(user=person)

    assert _tables_containing(MARK) == []
    assert not Story.objects.filter(pk__in=[s.pk for s in made["stories"]]).exists()
    assert not any(path.exists() for path in images)
    assert _progress(made["initiative"].pk) == before  # counted totals stay right


def test_the_export_holds_what_peers_said_about_my_work_and_my_handoff_answers(
        db, media, django_capture_on_commit_callbacks):
    person = factories.ProfileFactory(weekly_capacity_hours=20).user
    peer = factories.ProfileFactory(weekly_capacity_hours=20).user
    orchestrator = factories.UserFactory()
    _everything_a_person_writes(person, peer, orchestrator, django_capture_on_commit_callbacks)
    data = privacy_export(person)
    said = sorted((s["outcome"], s["comment"]) for s in data["said_about_my_work"])
    assert ("verified", "Well done") in said
    assert any(comment == "Which one?" for _, comment in said)
    assert all(comment != "Checked" for _, comment in said)  # my own verdict is elsewhere
    [done] = data["claims"]
    assert (done["handoff_note"], done["handoff_open"], done["handoff_ask"]) == ("h", "o", "a")
    assert [s["title"] for s in data["stories_about_my_work"]] == ["T"]
    assert [p["decline_reason"] for p in data["proposals"] if p["status"] == "declined"] == [
        "Not now"]


def test_a_rolled_back_deletion_keeps_the_story_images(
        db, media, django_capture_on_commit_callbacks):
    person = factories.ProfileFactory(weekly_capacity_hours=20).user
    peer = factories.ProfileFactory(weekly_capacity_hours=20).user
    made = _everything_a_person_writes(person, peer, factories.UserFactory(),
                                       django_capture_on_commit_callbacks)
    images = [media / s.image.name for s in made["stories"]]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        privacy_delete(user=person)
    assert callbacks  # the files go only when the deletion commits
    assert all(path.exists() for path in images)
