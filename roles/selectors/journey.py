"""The leadership journey on /me/: the volunteer's level (the one level system,
`roles.levels`) and the verified work it is earned from."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from people.models import User
from roles.levels import LEVELS, Level, Standing, level_at, level_number, standings
from roles.models import Capability, Claim

__all__ = ["LEVELS", "Journey", "Level", "journey"]


@dataclass
class Journey:
    verified_roles: int
    verified_contributions: int
    initiatives: int
    capabilities: dict = field(default_factory=dict)  # capability -> verified roles
    level: str | None = None  # the key of roles.levels.LEVELS[number - 1]
    number: int = 0


def journey(user: User) -> Journey:
    """The level and the verified work it is earned from (`roles.levels.standings`), and the
    verified roles per capability: three small grouped queries."""
    standing = standings([user.pk]).get(user.pk, Standing())
    per_cap = dict(Claim.objects.filter(volunteer=user, status=Claim.Status.VERIFIED)
                   .values_list("role__capability").annotate(n=Count("pk")).order_by())
    number = level_number(standing)
    level = level_at(number)
    return Journey(
        verified_roles=standing.verified_roles,
        verified_contributions=standing.verified_contributions,
        initiatives=standing.initiatives,
        capabilities={c: per_cap.get(c.value, 0) for c in Capability},
        level=level.key if level else None, number=number,
    )
