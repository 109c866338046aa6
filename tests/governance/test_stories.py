import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from crowddo.errors import Invalid, InvalidState, NotAllowed
from governance import selectors as selectors_governance
from governance import services as governance
from governance.models import Story
from roles.models import Contribution
from tests.builders import contribution_in


def picture(fmt="PNG", size=(40, 30), name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def tell(actor, contribution, **kwargs):
    values = {"title": "The first reading corner", "text": "Ten parents built shelves."}
    values.update(kwargs)
    return governance.story_attach(actor=actor, contribution=contribution, **values)


def files_in(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_volunteer_attaches_a_story_with_a_picture_to_verified_work(
        world, media, django_capture_on_commit_callbacks):
    work = contribution_in(world.b_initiative)
    with django_capture_on_commit_callbacks(execute=True):
        story = tell(work.claim.volunteer, work, image=picture(name="../../evil.png"),
                     image_alt="Shelves in a classroom")
    story.refresh_from_db()
    assert story.organization == world.b and story.collective == world.collective
    assert story.image.name.startswith("stories/") and "evil" not in story.image.name
    assert (story.image_width, story.image_height) == (40, 30)
    assert len(files_in(media)) == 1


def test_an_unverified_contribution_carries_no_story(world, media):
    work = contribution_in(world.b_initiative, status=Contribution.Status.SUBMITTED)
    with pytest.raises(InvalidState, match="verified"):
        tell(work.claim.volunteer, work)
    assert not Story.objects.exists()


@pytest.mark.parametrize("upload, message", [
    (lambda: picture("GIF", name="a.png"), "must be JPEG, PNG or WebP; this file is GIF"),
    (lambda: SimpleUploadedFile("notes.png", b"just some text, not pixels"), "not an image"),
    (lambda: SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (2 * 1024 * 1024 + 1)),
     "the limit is 2 MB"),
    (lambda: picture(size=(4001, 10)), "4001×10 pixels; the limit is 4000×4000"),
    (lambda: SimpleUploadedFile("cut.png", picture().read()[:60]), "not an image"),
])
def test_bad_uploads_are_refused_with_a_clear_message_and_leave_nothing(world, media, upload,
                                                                        message):
    work = contribution_in(world.b_initiative)
    with pytest.raises(Invalid, match=message):
        tell(work.claim.volunteer, work, image=upload(), image_alt="x")
    assert not Story.objects.exists()
    assert files_in(media) == []


def test_an_outer_rollback_leaves_no_image_file(world, media, django_capture_on_commit_callbacks):
    work = contribution_in(world.b_initiative)
    with django_capture_on_commit_callbacks(execute=False) as pending, \
            pytest.raises(RuntimeError), transaction.atomic():
        tell(work.claim.volunteer, work, image=picture(), image_alt="x")
        raise RuntimeError("the caller's transaction fails after the story was saved")
    assert pending == []  # a rolled-back transaction runs no on-commit callback
    assert files_in(media) == []
    assert not Story.objects.exists()


def test_a_failed_insert_removes_the_file_it_wrote(world, media, monkeypatch):
    work = contribution_in(world.b_initiative)

    def broken_insert(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Story._meta.base_manager, "_insert", broken_insert)
    with pytest.raises(RuntimeError):
        tell(work.claim.volunteer, work, image=picture(), image_alt="x")
    assert files_in(media) == []


def test_a_story_on_another_organizations_private_initiative_is_neither_attachable_nor_visible(
        world, media):
    private_work = contribution_in(world.b_private)
    for outsider in (world.x_orch, world.coord):  # even the coordinator of the collective
        with pytest.raises(NotAllowed):
            tell(outsider, private_work)
    story = tell(world.b_orch, private_work)
    with pytest.raises(NotAllowed):
        governance.story_feature(story=story, actor=world.coord)
    Story.objects.filter(pk=story.pk).update(featured_at="2026-11-01T00:00Z")  # even if featured
    for outsider in (world.x_orch, world.coord, None):
        assert not selectors_governance.stories_for(outsider, world.collective).exists()
    assert list(selectors_governance.stories_for(world.b_member, world.collective)) == [story]


def test_the_coordinator_features_public_stories_and_then_everyone_sees_them(world, media):
    work = contribution_in(world.b_initiative)
    story = tell(work.claim.volunteer, work)
    assert not selectors_governance.featured_stories(None, world.collective)
    with pytest.raises(NotAllowed):
        governance.story_feature(story=story, actor=world.b_orch)  # members do not feature
    governance.story_feature(story=story, actor=world.coord)
    assert selectors_governance.featured_stories(None, world.collective) == [story]
    governance.story_feature(story=story, actor=world.coord, featured=False)
    assert not selectors_governance.featured_stories(None, world.collective)


def test_a_moment_story_belongs_to_a_member_organization(world, media):
    story = governance.story_attach(actor=world.b_orch, collective=world.collective,
                                    organization=world.b, moment="500 improvements",
                                    title="Halfway", text="We reached 500 together.")
    assert story.contribution is None and story.moment == "500 improvements"
    with pytest.raises(NotAllowed):
        governance.story_attach(actor=world.x_orch, collective=world.collective,
                                organization=world.x, moment="x", title="x", text="x")
    with pytest.raises(Invalid, match="Say what the story is about"):
        governance.story_attach(actor=world.b_orch, collective=world.collective,
                                organization=world.b, moment=" ", title="x", text="x")
