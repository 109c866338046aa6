"""The rules the set-based SQL must follow, written as SQL from their one definition.

Each fragment is built from the Python rule itself — its enum values and constants, never
input — so changing the rule changes the SQL with it (e.g. counting verified work only is the
one line `Contribution.COUNTED`). `tests/dashboards/test_sql_rules.py`
checks every fragment against its ORM twin on rows in every state.

| fragment        | the rule                                                   |
| --------------- | ---------------------------------------------------------- |
| `COUNTED`       | `roles.models.Contribution.COUNTED` (counted work)         |
| `AWAITING_PEER` | `roles.models.Contribution.AWAITING_PEER`                  |
| `HELD`          | `dashboards.selectors.figures.HELD` (holds or held a seat) |
| `MANAGING`      | `people.models.Membership.MANAGING`                        |
| `open_data`     | `initiatives.access.open_data_q`                           |
| `takes_seat`    | a regular seat taken: `RoleQuerySet.with_seats`            |
| `goal_percent`  | `dashboards.models.goal_percent`                           |
| `level_number`  | `roles.levels.level_number` (the one level table)          |
"""

from __future__ import annotations

import re

from dashboards.selectors.figures import HELD as HELD_STATUSES
from initiatives.models import Initiative
from people.models import Membership
from roles.levels import LEVELS
from roles.models import Claim, Contribution

_PLAIN = re.compile(r"^[a-z0-9_]+$")


def literal(value) -> str:
    """One of our own enum values as an SQL string literal (refuses anything but a plain
    lower-case word, so a quote can never reach the SQL text)."""
    text = str(value)
    if not _PLAIN.match(text):
        raise ValueError(f"not a plain enum value: {text!r}")
    return f"'{text}'"


def one_of(values) -> str:
    """`('a', 'b')`: for `column IN …`."""
    return "(" + ", ".join(literal(v) for v in values) + ")"


COUNTED = one_of(Contribution.COUNTED)
AWAITING_PEER = one_of(Contribution.AWAITING_PEER)
HELD = one_of(HELD_STATUSES)
MANAGING = one_of(Membership.MANAGING)


def open_data(initiative: str = "i") -> str:
    """`open_data_q` for the initiatives table aliased `initiative`."""
    return (f"{initiative}.is_public AND {initiative}.status <> "
            f"{literal(Initiative.Status.DRAFT)}")


def takes_seat(claim: str = "c") -> str:
    """A claim holding one of the role's regular seats (apprentice seats are apart)."""
    return (f"{claim}.status = {literal(Claim.Status.ACTIVE)} "
            f"AND {claim}.kind = {literal(Claim.Kind.REGULAR)}")


def goal_percent(done: str, target: str) -> str:
    """`dashboards.models.goal_percent` of two integer columns whose target is positive."""
    return f"LEAST(100, {done} * 100 / {target})"



def level_number(roles: str, contributions: str, capabilities: str, initiatives: str) -> str:
    """`roles.levels.level_number` of four integer columns (the `Standing` fields): the
    number of the highest level whose thresholds they all reach, 0 for none."""
    cases = [f"CASE WHEN {roles} + {contributions} >= {int(lv.verified_work)}"
             f" AND {roles} >= {int(lv.verified_roles)}"
             f" AND {capabilities} >= {int(lv.capabilities)}"
             f" AND {initiatives} >= {int(lv.initiatives)} THEN {n} ELSE 0 END"
             for n, lv in enumerate(LEVELS, 1)]
    return f"GREATEST(0, {', '.join(cases)})"
