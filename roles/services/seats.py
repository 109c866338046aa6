"""THE seat rule and "claimable", for the writes.

Seats free = seats − seats_taken − seats_offered: the seat counter on the role row
(`seat_counter`, which alone writes it; `Role.objects.with_seats()` reads the same columns
for the pages, the API, the admin and the selectors).

Claimable = the role takes claims (`Role.takes_claims`: open, initiative active), the person
may see it (`Role.is_visible_to`), a seat is free (`seat_counter.take` succeeds) and it keeps
them within their weekly capacity (`check_capacity`). `claim_role` applies all four.

Locking: a claim locks the profile first (the burnout guard across roles), then the role row
only inside the counter's conditional UPDATE, as its last statement. Writes that decide on
several seats at once (offering seats to the waitlist, editing seats, apprentice seats) lock
the role row (`lock_role`) and read the counter under that lock.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import OverCapacity, RoleNotOpen
from initiatives.models import Initiative
from people.models import User, VolunteerProfile
from roles.models import Claim, Role, WaitlistEntry

NOT_OPEN = gettext_noop("This role is not open for claims right now.")


def lock_role(role: Role) -> Role:
    """The role row, locked (its initiative read along, not locked)."""
    return (Role.objects.select_for_update(of=("self",)).select_related("initiative")
            .get(pk=role.pk))


def check_open(role: Role, volunteer: User) -> Role:
    """Refuse unless the role takes claims and the volunteer may see it."""
    if not role.takes_claims or not role.is_visible_to(volunteer):
        raise RoleNotOpen(gettext(NOT_OPEN))
    return role


def lock_open_role(role: Role, volunteer: User) -> Role:
    """Lock the role; refuse unless it takes claims and the volunteer may see it."""
    return check_open(lock_role(role), volunteer)


FIGURES = ("seats_taken", "seats_offered", "seats_free", "apprentices_taken")


def seat_figures(role: Role, *, for_volunteer: User | None = None) -> dict:
    """The role's seat figures now (`Role.objects.with_seats`, the counter's columns);
    `for_volunteer`'s own offer counts as theirs. Call it with the role row locked
    (`lock_role`) to act on the figures."""
    return (Role.objects.filter(pk=role.pk).with_seats(for_volunteer=for_volunteer)
            .values(*FIGURES).get())


def seats_free(role: Role, *, for_volunteer: User | None = None) -> int:
    """Seats free on the role now (see `seat_figures`)."""
    return seat_figures(role, for_volunteer=for_volunteer)["seats_free"]


HOLDINGS = """
       EXISTS (SELECT 1 FROM roles_claim WHERE role_id = %(r)s AND volunteer_id = %(v)s
               AND status = %(active)s AND kind = %(regular)s) AS mine,
       EXISTS (SELECT 1 FROM roles_claim WHERE role_id = %(r)s AND volunteer_id = %(v)s
               AND status = %(active)s AND kind = %(apprentice)s) AS apprentice,
       COALESCE((SELECT SUM(r.hours_per_week) FROM roles_claim c
                 JOIN roles_role r ON r.id = c.role_id
                 WHERE c.volunteer_id = %(v)s AND c.status = %(active)s), 0) AS held,
       (SELECT status FROM roles_waitlistentry WHERE role_id = %(r)s AND volunteer_id = %(v)s
        AND status IN (%(waiting)s, %(offered)s) LIMIT 1) AS entry
"""


def _holdings_params(role_id: int, volunteer: User) -> dict:
    return {"r": role_id, "v": volunteer.pk, "active": Claim.Status.ACTIVE,
            "regular": Claim.Kind.REGULAR, "apprentice": Claim.Kind.APPRENTICE,
            "waiting": WaitlistEntry.Status.WAITING, "offered": WaitlistEntry.Status.OFFERED}


def _holdings(mine, apprentice, held, entry) -> dict:
    return {"mine": bool(mine), "apprentice": bool(apprentice), "held": int(held),
            "entry": entry}


def holdings(role: Role, volunteer: User) -> dict:
    """What `claim_role` decides on, in one statement after the profile lock: whether the
    volunteer holds a regular (`mine`) or an apprentice seat of the role, the hours they hold
    everywhere (`held`, apprentice seats included; `active_hours`) and the status of their
    open waitlist entry for the role (`entry`: waiting, offered, or None). Plain SQL: it
    runs on every claim, and building it through the ORM cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + HOLDINGS, _holdings_params(role.pk, volunteer))
        return _holdings(*cursor.fetchone())


# The role, the three columns of its initiative that "takes claims" and "visible" read, and
# `holdings`: one statement (a claim runs it once, after the profile lock).
_INITIATIVE = ("id", "organization_id", "status", "is_public")
ROLE_FOR_CLAIM = ("SELECT the_role.*, "  # noqa: S608 (constant column names)
                  + ", ".join(f"its.{c} AS initiative__{c}" for c in _INITIATIVE) + ", "
                  + HOLDINGS + " FROM roles_role the_role JOIN initiatives_initiative its "
                  "ON its.id = the_role.initiative_id WHERE the_role.id = %(r)s")


def read_for_claim(role: Role, volunteer: User) -> tuple[Role, dict]:
    """The role as it is now, not locked (the counter's UPDATE re-checks it is open), with
    `holdings`, in one statement; refused unless it takes claims and the volunteer may see
    it (`check_open`). Its initiative carries only the columns those rules read (the others
    load if asked for)."""
    found = list(Role.objects.raw(ROLE_FOR_CLAIM, _holdings_params(role.pk, volunteer)))
    if not found:
        raise Role.DoesNotExist(f"Role {role.pk} does not exist.")
    row = found[0]
    initiative = Initiative.from_db(
        connection.alias, list(_INITIATIVE),
        [getattr(row, f"initiative__{c}") for c in _INITIATIVE])
    initiative.is_public = bool(initiative.is_public)  # SQLite answers 0 / 1
    Role.initiative.field.set_cached_value(row, initiative)
    now = _holdings(row.mine, row.apprentice, row.held, row.entry)
    return check_open(row, volunteer), now


_PROFILE_READ = "SELECT id, weekly_capacity_hours FROM people_volunteerprofile WHERE user_id = %s"
_PROFILE_LOCK = _PROFILE_READ + " FOR UPDATE"


def lock_profile(volunteer: User) -> VolunteerProfile:
    """The volunteer's profile row, locked until commit (the burnout guard: every claim of
    one person queues here), created if they have none yet. Only its capacity is read.
    SQLite has no FOR UPDATE (and serializes writers anyway): the embedded default reads."""
    with connection.cursor() as cursor:
        cursor.execute(_PROFILE_LOCK if connection.features.has_select_for_update
                       else _PROFILE_READ, [volunteer.pk])
        found = cursor.fetchone()
    if found is None:
        return VolunteerProfile.objects.select_for_update().get_or_create(user=volunteer)[0]
    return VolunteerProfile.from_db(connection.alias, ["id", "user_id", "weekly_capacity_hours"],
                                    [found[0], volunteer.pk, found[1]])


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
