"""Stories beside the numbers: about a verified contribution, or a moment of the collective;
the coordinating organization features the ones it can see."""

from __future__ import annotations

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo import images
from crowddo.errors import Invalid, InvalidState, NotAllowed
from governance.models import (
    STORY_IMAGE_ALT_MAX,
    STORY_MOMENT_MAX,
    STORY_TEXT_MAX,
    STORY_TITLE_MAX,
    Story,
)
from governance.selectors import visible_stories
from governance.services.common import person
from initiatives.access import member_org_ids_of
from initiatives.models import Collective
from people import access
from people.models import Organization
from roles.models import Contribution


def _story_subject(actor, contribution, collective, organization, moment):
    """Return (organization id, collective) the story belongs to, or refuse."""
    if contribution is not None:
        contribution = Contribution.objects.select_related("claim__role__initiative").get(
            pk=contribution.pk)
        own = getattr(actor, "pk", None) == contribution.claim.volunteer_id
        if not own:
            access.require_manager(actor, contribution.organization_id)
        if contribution.status != Contribution.Status.VERIFIED:
            raise InvalidState(gettext("Only a verified contribution can carry a story; ask a "
                                       "peer to "
                               "verify it first."))
        return contribution.organization_id, contribution.claim.role.initiative.collective
    if collective is None or organization is None or not moment.strip():
        raise Invalid(gettext("Say what the story is about: a verified contribution, or a moment "
                              "of "
                      "the collective."))
    access.require_manager(actor, organization.pk)
    if organization.pk not in member_org_ids_of(collective):
        raise NotAllowed(gettext("%(org)s is not a member of %(collective)s.") % {
            "org": organization.name, "collective": collective.name})
    return organization.pk, collective


@transaction.atomic
def story_attach(*, actor, title: str, text: str, contribution=None,
                 collective: Collective | None = None, organization: Organization | None = None,
                 moment: str = "", image=None, image_alt: str = "") -> Story:
    """Attach a short story (and an optional picture) to verified work or a collective moment."""
    if not title.strip() or not text.strip():
        raise Invalid(gettext("A story needs a title and a few sentences."))
    if len(text) > STORY_TEXT_MAX:
        raise Invalid(gettext("Keep the story to %(n)s characters.") % {"n": f"{STORY_TEXT_MAX:,}"})
    org_id, story_collective = _story_subject(actor, contribution, collective, organization,
                                              moment)
    picture = images.checked_image(image) if image else None  # the one check: crowddo/images
    if picture is not None and not image_alt.strip():
        raise Invalid(gettext("Describe the image in a few words for people who cannot see it."))
    story = Story(organization_id=org_id, collective=story_collective, contribution=contribution,
                  moment=moment.strip()[:STORY_MOMENT_MAX] if contribution is None else "",
                  title=title.strip()[:STORY_TITLE_MAX], text=text.strip(),
                  image_alt=image_alt.strip()[:STORY_IMAGE_ALT_MAX],
                  author=person(actor))
    story.save()
    if picture is not None:
        # The file is written only once the row is committed: a rollback (of this or of an
        # outer transaction) leaves no file behind (issue 21). Its bytes (a few MB at most)
        # are read now, so the write does not depend on the upload still being open.
        content = ContentFile(picture.read(), name=picture.name)
        transaction.on_commit(lambda: _store_image(story, content))
    return story


def _store_image(story: Story, picture: File) -> None:
    story.image.save(picture.name, picture, save=False)  # sets the width and height too
    stored = Story.objects.filter(pk=story.pk).update(
        image=story.image.name, image_width=story.image_width, image_height=story.image_height)
    if not stored:  # the story was deleted in the meantime
        story.image.storage.delete(story.image.name)


@transaction.atomic
def story_feature(*, story: Story, actor, featured: bool = True) -> Story:
    """The coordinating organization features a story it can see (or stops featuring it)."""
    story = Story.objects.select_for_update(of=("self",)).select_related("collective").get(
        pk=story.pk)
    if story.collective is None:
        raise InvalidState(gettext("This story is not part of a collective, so nobody can "
                                   "feature it."))
    access.require_manager(actor, story.collective.coordinator_id)
    if not visible_stories(Story.objects.filter(pk=story.pk), actor).exists():
        raise NotAllowed(gettext("Only the coordinating organization can feature this story."))
    story.featured_at = timezone.now() if featured else None
    story.featured_by = person(actor) if featured else None
    story.save(update_fields=["featured_at", "featured_by"])
    return story
