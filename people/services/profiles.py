"""What a volunteer tells the platform about themselves."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext

from crowddo.errors import Invalid, LinkInvalid
from people.mail import language_chosen
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
    weekly_capacity_hours: int, skills, regions, wants_messages: bool | None = None,
    language: str | None = None,
) -> VolunteerProfile:
    """Change what a volunteer tells the platform about themselves.

    The capacity may go below the hours already held: the guard refuses new claims
    until it fits again, nothing is taken away.
    """
    if not CAPACITY_MIN_HOURS <= weekly_capacity_hours <= CAPACITY_MAX_HOURS:
        raise Invalid(gettext("Weekly capacity must be between %(min)s and %(max)s hours.")
                      % {"min": CAPACITY_MIN_HOURS, "max": CAPACITY_MAX_HOURS})
    if len(display_name) > DISPLAY_NAME_MAX or len(bio) > BIO_MAX:
        raise Invalid(gettext("The display name may have %(name)s characters and the bio %(bio)s.")
                      % {"name": DISPLAY_NAME_MAX, "bio": f"{BIO_MAX:,}"})
    profile, _ = VolunteerProfile.objects.select_for_update().get_or_create(user=user)
    user.display_name = display_name.strip()
    user.show_in_reports = show_in_reports
    if wants_messages is not None:
        user.wants_messages = wants_messages
    if language is not None:
        if language and language_chosen(language) != language:
            raise Invalid(gettext("Choose one of the languages offered."))
        user.language = language
    user.save(update_fields=["display_name", "show_in_reports", "wants_messages", "language"])
    profile.bio = bio
    profile.weekly_capacity_hours = weekly_capacity_hours
    profile.save(update_fields=["bio", "weekly_capacity_hours", "updated_at"])
    profile.skills.set(skills)
    profile.regions.set(regions)
    return profile


def language_remember(*, user: User, code: str | None) -> bool:
    """Store the language a signed-in person chose in the switcher. False if not offered."""
    language = language_chosen(code)
    if not language:
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return True


OPT_OUT_SALT = "crowddo.messages-opt-out"


def messages_opt_out_token(user: User) -> str:
    """The signed part of the "stop these e-mails" link in orchestrator messages."""
    return signing.dumps({"u": user.pk}, salt=OPT_OUT_SALT)


@transaction.atomic
def messages_stop(*, token: str) -> User:
    """The person follows the opt-out link: no more orchestrator messages or celebrations.
    No login needed (the link was sent to their address); a cut or changed link is refused."""
    try:
        user_id = signing.loads(token, salt=OPT_OUT_SALT)["u"]
    except (signing.BadSignature, KeyError, TypeError):
        raise LinkInvalid(gettext("This link is not valid: change the setting on your profile "
                          "instead.")) from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise LinkInvalid(gettext("This link is not valid: change the setting on your profile "
                                  "instead."))
    User.objects.filter(pk=user.pk).update(wants_messages=False)
    user.wants_messages = False
    return user
