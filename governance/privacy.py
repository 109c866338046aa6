"""What governance holds about a person, for the download (registered with people.privacy).

The stories they wrote are in the download. On account deletion they stay as they are:
a story is part of a collective's public record, and its author link points at the
anonymised account, which shows no name ("Volunteer #id"). Whether a deleted person's
stories should also lose their text is a decision for the privacy work, not for this
registry; until then governance registers no `erase`.
"""

from __future__ import annotations

from governance.models import Story
from people.models import User
from people.privacy import iso


def export(user: User) -> dict:
    stories = Story.objects.filter(author=user).select_related("collective", "organization")
    return {
        "stories": [{
            "id": s.pk, "title": s.title, "text": s.text, "moment": s.moment,
            "collective": s.collective.name if s.collective else None,
            "organization": s.organization.name, "contribution_id": s.contribution_id,
            "image_alt": s.image_alt, "has_image": bool(s.image),
            "created_at": iso(s.created_at), "featured_at": iso(s.featured_at),
        } for s in stories.order_by("created_at", "id")],
    }
