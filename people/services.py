"""Writes about people that matter (the volunteer side's profile)."""

from __future__ import annotations

from django.db import transaction

from crowddo.errors import Invalid
from people.models import User, VolunteerProfile


@transaction.atomic
def profile_update(
    *, user: User, display_name: str, show_in_reports: bool, bio: str,
    weekly_capacity_hours: int, skills, regions,
) -> VolunteerProfile:
    """Change what a volunteer tells the platform about themselves.

    The capacity may go below the hours already held: the guard refuses new claims
    until it fits again, nothing is taken away.
    """
    if not 1 <= weekly_capacity_hours <= 80:
        raise Invalid("Weekly capacity must be between 1 and 80 hours.")
    if len(display_name) > 80 or len(bio) > 2000:
        raise Invalid("The display name may have 80 characters and the bio 2,000.")
    profile, _ = VolunteerProfile.objects.select_for_update().get_or_create(user=user)
    user.display_name = display_name.strip()
    user.show_in_reports = show_in_reports
    user.save(update_fields=["display_name", "show_in_reports"])
    profile.bio = bio
    profile.weekly_capacity_hours = weekly_capacity_hours
    profile.save(update_fields=["bio", "weekly_capacity_hours", "updated_at"])
    profile.skills.set(skills)
    profile.regions.set(regions)
    return profile
