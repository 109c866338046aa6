"""Roles: managers (users, or API keys with write scope) create and change them through the
web, the admin, the importer and the API alike; the admin's bulk actions on roles are here
too. Every write checks `people.access.require_manager` first."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from crowddo.errors import Invalid
from initiatives.models import Initiative
from people import access
from roles import limits
from roles.models import Claim, Role
from roles.services import seats
from roles.services.common import each, send_progress
from roles.services.waitlist import waitlist_offer_next

ROLE_FIELDS = {
    "title", "responsibility", "success_looks_like", "hours_per_week", "duration_weeks", "seats",
    "capability", "region", "is_remote", "status", "stale_after_days", "coordinator",
    "apprentice_seats", "term_weeks",
}
COPIED_FIELDS = ("title", "responsibility", "success_looks_like", "hours_per_week",
                 "duration_weeks", "seats", "capability", "region", "is_remote",
                 "stale_after_days")


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - ROLE_FIELDS
    if unknown:
        raise Invalid(gettext("Unknown role fields: %(fields)s.")
                      % {"fields": ", ".join(sorted(unknown))})


def _validated_save(role: Role, skills=None) -> Role:
    """The model's own validation (field ranges, `limits.MAX_STALE_DAYS`…) as an Invalid."""
    try:
        role.full_clean(exclude=["organization"])
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise Invalid(problems) from None
    role.save()
    if skills is not None:
        role.skills.set(skills)
    return role


@transaction.atomic
def role_create(*, initiative: Initiative, actor, skills=None, **fields) -> Role:
    """Create a role in an initiative the actor manages."""
    access.require_manager(actor, initiative.organization_id)
    _check_fields(fields)
    role = Role(initiative=initiative, organization_id=initiative.organization_id, **fields)
    role = _validated_save(role, skills)
    send_progress(role)
    return role


def _check_seats_kept(role: Role, fields: dict) -> None:
    """Seats cannot drop below the seats in use: taken, or held for someone offered one."""
    now = seats.seat_figures(role)
    if fields.get("seats") is not None:
        taken, offered = now["seats_taken"], now["seats_offered"]
        if fields["seats"] < taken + offered:
            if offered:
                raise Invalid(gettext("%(taken)s seats are taken and %(offered)s held for "
                                      "people offered one; the role cannot have fewer seats "
                                      "than that.") % {"taken": taken, "offered": offered})
            raise Invalid(gettext("%(taken)s seats are taken; the role cannot have fewer "
                                  "seats than that.") % {"taken": taken})
    if fields.get("apprentice_seats") is not None:
        taken = now["apprentices_taken"]
        if fields["apprentice_seats"] < taken:
            raise Invalid(gettext("%(n)s apprentice seats are taken; the role cannot have fewer "
                                  "apprentice seats than that.") % {"n": taken})


@transaction.atomic
def role_update(*, role: Role, actor, skills=None, **fields) -> Role:
    role = seats.lock_role(role)
    access.require_manager(actor, role.organization_id)
    _check_fields(fields)
    _check_seats_kept(role, fields)
    for name, value in fields.items():
        setattr(role, name, value)
    role = _validated_save(role, skills)
    if "term_weeks" in fields and not role.term_weeks:
        # No term any more: the holders' terms end with it (nothing to renew or remind of).
        Claim.objects.filter(role=role, status=Claim.Status.ACTIVE).update(
            term_ends_at=None, term_reminded_at=None)
    send_progress(role)
    waitlist_offer_next(role=role)  # more seats, or a role reopened: the waitlist goes first
    return role


# --- The admin's bulk actions on roles: each applies to every selected role, or to none ------


@transaction.atomic
def roles_set_status(*, roles: QuerySet, status: str, actor) -> int:
    return each(roles, lambda r: role_update(role=r, actor=actor, status=status))


@transaction.atomic
def roles_extend_stale(*, roles: QuerySet, days: int, actor) -> int:
    """Give active claims `days` more before they expire for lack of contributions (the
    result stays within `limits.MAX_STALE_DAYS`)."""
    if not 0 < days <= limits.MAX_STALE_DAYS:
        raise Invalid(gettext("Extend by 1 to %(n)s days.") % {"n": limits.MAX_STALE_DAYS})

    def extend(role: Role) -> None:
        new = min(role.stale_after_days + days, limits.MAX_STALE_DAYS)
        role_update(role=role, actor=actor, stale_after_days=new)

    return each(roles, extend)


@transaction.atomic
def roles_duplicate(*, roles: QuerySet, initiative: Initiative, actor) -> int:
    """Copy roles (as drafts, with their skills) into another initiative the actor manages."""
    def copy(role: Role) -> None:
        fields = {name: getattr(role, name) for name in COPIED_FIELDS}
        role_create(initiative=initiative, actor=actor, status=Role.Status.DRAFT,
                    skills=list(role.skills.all()), **fields)

    return each(roles.prefetch_related("skills"), copy)
