"""THE seat rule and "claimable", for the writes: every service that creates a claim or an
offer, or changes a role's seats, locks the role and counts here.

Seats free = seats − active regular claims − live offers to the waitlist. The count is
`Role.objects.with_seats()` (roles.models), the same annotation the role page, the API, the
admin and the selectors read; here it is run on the one locked row. (A seat counter column on
Role would replace the count in `seats_free` and `claim_figures` only.)

Claimable = the role takes claims (`Role.takes_claims`: open, initiative active), the person
may see it (`Role.is_visible_to`), a seat is free (`seats_free`) and it keeps them within
their weekly capacity (`check_capacity`). `claim_role` applies all four, in that order.

Locking: the profile first (the burnout guard across roles), then the role row alone
(`of=("self",)`: the initiative is read, not locked, so claims on different roles of one
initiative do not wait for each other). Every write that creates claims or offers for a role
queues on that row, so a count taken after the lock cannot go stale before the write.
"""

from __future__ import annotations

from django.db.models import Exists, IntegerField, Subquery, Sum
from django.db.models.functions import Coalesce

from crowddo.errors import OverCapacity, RoleNotOpen
from people.models import User, VolunteerProfile
from roles.models import Claim, Role

NOT_OPEN = "This role is not open for claims right now."


def lock_role(role: Role) -> Role:
    """The role row, locked (its initiative read along, not locked)."""
    return (Role.objects.select_for_update(of=("self",)).select_related("initiative")
            .get(pk=role.pk))


def lock_open_role(role: Role, volunteer: User) -> Role:
    """Lock the role; refuse unless it takes claims and the volunteer may see it."""
    role = lock_role(role)
    if not role.takes_claims or not role.is_visible_to(volunteer):
        raise RoleNotOpen(NOT_OPEN)
    return role


FIGURES = ("seats_taken", "seats_offered", "seats_free", "apprentices_taken")


def seat_figures(role: Role, *, for_volunteer: User | None = None) -> dict:
    """The role's seat figures now (`Role.objects.with_seats`); `for_volunteer`'s own offer
    counts as theirs.

    Call it with the role row locked (`lock_role`), like every write that creates claims
    or offers, so the figures cannot go stale before the caller acts on them. It is one new
    statement after the lock is granted, so it sees every claim committed before.
    """
    return (Role.objects.filter(pk=role.pk).with_seats(for_volunteer=for_volunteer)
            .values(*FIGURES).get())


def seats_free(role: Role, *, for_volunteer: User | None = None) -> int:
    """Seats free on the role now (see `seat_figures`)."""
    return seat_figures(role, for_volunteer=for_volunteer)["seats_free"]


def claim_figures(role: Role, volunteer: User) -> dict:
    """What `claim_role` decides on, in one statement after the locks: `seats_free` for this
    volunteer, whether they hold a regular (`mine`) or an apprentice seat of the role, and
    the hours they hold everywhere (`held`, apprentice seats included)."""
    active = Claim.objects.filter(status=Claim.Status.ACTIVE)
    hours = (active.filter(volunteer=volunteer).order_by().values("volunteer")
             .annotate(h=Sum("role__hours_per_week")).values("h")[:1])
    return Role.objects.filter(pk=role.pk).with_seats(for_volunteer=volunteer).values(
        "seats_free",
        mine=Exists(active.filter(role=role, volunteer=volunteer, kind=Claim.Kind.REGULAR)),
        apprentice=Exists(active.filter(role=role, volunteer=volunteer,
                                        kind=Claim.Kind.APPRENTICE)),
        held=Coalesce(Subquery(hours, output_field=IntegerField()), 0),
    ).get()


def active_hours(volunteer: User) -> int:
    """Hours a week the volunteer has promised across every organization."""
    total = Claim.objects.filter(volunteer=volunteer, status=Claim.Status.ACTIVE).aggregate(
        h=Sum("role__hours_per_week")
    )["h"]
    return total or 0


def check_capacity(profile: VolunteerProfile, held: int, role: Role) -> None:
    """The burnout guard: refuse a role that takes the volunteer past their weekly capacity."""
    if held + role.hours_per_week > profile.weekly_capacity_hours:
        raise OverCapacity(
            f"This would take you past your weekly capacity: you hold {held} h of your "
            f"{profile.weekly_capacity_hours} h a week; this role needs {role.hours_per_week} h. "
            "Release a role or raise your capacity in your profile."
        )
