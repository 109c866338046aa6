"""What a volunteer tells the platform about themselves."""

from __future__ import annotations

from django.db import transaction

from crowddo.errors import Invalid
from people.models import (
    BIO_MAX,
    CAPACITY_MAX_HOURS,
    CAPACITY_MIN_HOURS,
    DISPLAY_NAME_MAX,
    User,
    VolunteerProfile,
)


@transaction.atomic
def profile_update(
    *, user: User, display_name: str, show_in_reports: bool, bio: str,
    weekly_capacity_hours: int, skills, regions,
) -> VolunteerProfile:
    """Change what a volunteer tells the platform about themselves.

    The capacity may go below the hours already held: the guard refuses new claims
    until it fits again, nothing is taken away.
    """
    if not CAPACITY_MIN_HOURS <= weekly_capacity_hours <= CAPACITY_MAX_HOURS:
        raise Invalid(f"Weekly capacity must be between {CAPACITY_MIN_HOURS} and "
                      f"{CAPACITY_MAX_HOURS} hours.")
    if len(display_name) > DISPLAY_NAME_MAX or len(bio) > BIO_MAX:
        raise Invalid(f"The display name may have {DISPLAY_NAME_MAX} characters and the bio "
                      f"{BIO_MAX:,}.")
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
