"""What governance holds about a person, for the download and for account deletion
(registered with people.privacy from GovernanceConfig.ready()).

The download holds the stories the person wrote and the stories others told about their
contributions. On deletion the stories they wrote and the stories attached to their
contributions (evidence of their work, often with their picture) are unpublished — deleted,
with their image files (removed from storage after the deletion commits, so a rolled-back deletion
keeps them) — and the notes they wrote on commitments are blanked (WRITTEN). Stories are
not counted in any figure, so no total changes.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from governance.models import CommitmentStatus, Story
from people.models import User
from people.privacy import Written, iso

WRITTEN = (
    Written(Story, "author", ("moment", "title", "text", "image_alt")),
    Written(CommitmentStatus, "marked_by", ("note",)),
)
NOT_PERSONAL = {
    "Charter": ("purpose", "theory_of_change", "principles"),  # the collective's charter
    "Commitment": ("title", "description"),  # an organization's commitment
    "Theme": ("name", "slug"),  # reference data
}


def _story(s: Story) -> dict:
    return {
        "id": s.pk, "title": s.title, "text": s.text, "moment": s.moment,
        "collective": s.collective.name if s.collective else None,
        "organization": s.organization.name, "contribution_id": s.contribution_id,
        "image_alt": s.image_alt, "has_image": bool(s.image),
        "created_at": iso(s.created_at), "featured_at": iso(s.featured_at),
    }


def export(user: User) -> dict:
    stories = Story.objects.select_related("collective", "organization").order_by(
        "created_at", "id")
    return {
        "stories": [_story(s) for s in stories.filter(author=user)],
        "stories_about_my_work": [_story(s) for s in stories.filter(
            contribution__claim__volunteer=user).exclude(author=user)],
    }


def erase(user: User) -> dict:
    stories = list(Story.objects.filter(Q(author=user) | Q(contribution__claim__volunteer=user)))
    files = [(s.image.storage, s.image.name) for s in stories if s.image]
    Story.objects.filter(pk__in=[s.pk for s in stories]).delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return {"stories_unpublished": len(stories)}
