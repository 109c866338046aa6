"""THE seat counter: `Role.seats_taken` (active regular claims) and `Role.seats_offered`
(seats held for someone offered one), written here and nowhere else.

Every transition that changes who holds or is offered a regular seat calls one of these
functions in its own transaction: claim (`take`), accepting an offer (`take_offered`),
release / complete / hand-over / expire (`free`), an offer made (`offer`), accepted,
declined or lapsed (`offer_ended`), an initiative closing (`close`), the role's seats edited
(`figures` under the role lock; the CHECK refuses the rest) and `seed_scale`'s COPY
(`recount`). Apprentice seats are not counted here (see `services.apprentices`).

Each write is one conditional UPDATE of the role row (its row count says whether it
applied): the row lock it takes is held until commit, so callers do the slow work (inserts,
history rows, signals) *before* it and nothing but the commit after it. `updated_at` moves
in the same UPDATE (the API's sync reads it: seats left changed). The CHECK constraint
`role_seats_not_overfilled`
(seats_taken + seats_offered <= seats, both >= 0) is the last line of defence.

A lapsed offer (its `offer_expires_at` passed) still holds its seat here until it is swept
(`waitlist.waitlist_lapse_offers`, every 10 minutes, or `waitlist.lapse_role_offers` which a
claim runs for its role when `take` finds no seat) — so a claimant is never refused a seat
that only a lapsed offer holds, and the counter never depends on the clock.

`reconcile` proves the counter equals the rows (beat task `roles.tasks.reconcile_seats`,
`manage.py seats_reconcile [--fix]`).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from roles.models import Claim, Role, WaitlistEntry

OPEN = Role.Status.OPEN  # tables: roles_role, roles_claim, roles_waitlistentry


def _update(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def take(role_id: int) -> bool:
    """One regular seat for a new claim, if the role is open and a seat is free."""
    return _update(
        "UPDATE roles_role SET seats_taken = seats_taken + 1, updated_at = %s "
        "WHERE id = %s AND status = %s AND seats_taken + seats_offered < seats",
        [timezone.now(), role_id, OPEN]) == 1


def take_offered(role_id: int) -> bool:
    """The seat held for someone offered one becomes their claim."""
    return _update(
        "UPDATE roles_role SET seats_taken = seats_taken + 1, seats_offered = seats_offered - 1, "
        "updated_at = %s WHERE id = %s AND status = %s AND seats_offered > 0",
        [timezone.now(), role_id, OPEN]) == 1


def free(role_id: int, n: int = 1) -> None:
    """`n` regular claims ended (released, completed, handed over, expired)."""
    if n:
        _update("UPDATE roles_role SET seats_taken = seats_taken - %s, updated_at = %s "
                "WHERE id = %s", [n, timezone.now(), role_id])


def offer(role_id: int) -> bool:
    """Hold one free seat for someone (a waitlist offer, an apprentice, a proposer)."""
    return _update(
        "UPDATE roles_role SET seats_offered = seats_offered + 1, updated_at = %s "
        "WHERE id = %s AND seats_taken + seats_offered < seats",
        [timezone.now(), role_id]) == 1


def offer_ended(role_id: int, n: int = 1) -> None:
    """`n` offers ended without a claim (declined, lapsed, cancelled): their seats free."""
    if n:
        _update("UPDATE roles_role SET seats_offered = seats_offered - %s, updated_at = %s "
                "WHERE id = %s", [n, timezone.now(), role_id])


def close(role_ids: list[int]) -> None:
    """The roles closed with their initiative: claims completed, offers cancelled."""
    if role_ids:
        Role.objects.filter(pk__in=role_ids).update(seats_taken=0, seats_offered=0,
                                                    updated_at=timezone.now())


def figures(role_id: int) -> dict:
    """The counter now (call it with the role row locked to act on it)."""
    return Role.objects.filter(pk=role_id).values("seats", "seats_taken", "seats_offered").get()


# --- The reconciliation: the counter must equal the rows ----------------------------------

_TRUTH = """
    SELECT r.id,
           r.seats_taken, (SELECT COUNT(*) FROM roles_claim c WHERE c.role_id = r.id
                           AND c.status = %s AND c.kind = %s) AS taken,
           r.seats_offered, (SELECT COUNT(*) FROM roles_waitlistentry w WHERE w.role_id = r.id
                             AND w.status = %s) AS offered
    FROM roles_role r
"""
_PARAMS = [Claim.Status.ACTIVE, Claim.Kind.REGULAR, WaitlistEntry.Status.OFFERED]


def drift(role_ids: list[int] | None = None) -> list[dict]:
    """Roles whose counter differs from their active regular claims / open offers."""
    where, params = "", list(_PARAMS)
    if role_ids is not None:
        where = f"WHERE r.id IN ({','.join(str(int(i)) for i in role_ids) or 'NULL'})"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({_TRUTH} {where}) t "  # noqa: S608 (ids are ints)
                       "WHERE seats_taken <> taken OR seats_offered <> offered ORDER BY id",
                       params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def recount(role_ids: list[int] | None = None) -> None:
    """Set the counter from the rows, in one statement (after `seed_scale`'s COPY;
    `seats_reconcile --fix`). Run it where nothing else writes these roles (a seed, a
    repair) or with them locked."""
    where = ("" if role_ids is None else
             f"WHERE id IN ({','.join(str(int(i)) for i in role_ids) or 'NULL'})")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE roles_role SET "  # noqa: S608 (`where` holds ints only)
            "seats_taken = (SELECT COUNT(*) FROM roles_claim c WHERE c.role_id = roles_role.id "
            "AND c.status = %s AND c.kind = %s), "
            "seats_offered = (SELECT COUNT(*) FROM roles_waitlistentry w "
            "WHERE w.role_id = roles_role.id AND w.status = %s) " + where,
            _PARAMS)


def reconcile(*, fix: bool = False) -> list[dict]:
    """The roles whose counter differs from the rows (each: id, seats_taken, taken,
    seats_offered, offered); with `fix`, those roles are locked and recounted."""
    rows = drift()
    if fix and rows:
        ids = [row["id"] for row in rows]
        with transaction.atomic():
            list(Role.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
            recount(ids)
    return rows
