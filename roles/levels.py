"""The one level system: named levels earned from verified work only.

`LEVELS` is the one table. `/me/` (the journey), the volunteers' roll-up row
(`VolunteerTotal.level`), the level-up milestones and their e-mails and webhooks, and the API
(`volunteer_level` on claims) all read a level as `level_number(Standing)` / `LEVELS[n - 1]`;
the set-based roll-up's SQL is generated from the same thresholds
(`dashboards.services.sql.level_number`). A level's rule, as the page shows it, is formatted
from those very thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from roles.models import Capability, Claim, Contribution


@dataclass(frozen=True)
class Standing:
    """What levels are earned from: verified work only."""

    verified_roles: int = 0  # claims completed and verified by a peer
    verified_contributions: int = 0  # contributions in Contribution.COUNTED
    capabilities: int = 0  # distinct capabilities of the verified roles
    initiatives: int = 0  # distinct initiatives of the verified roles


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    text: str  # formatted with the thresholds below and `all` (the number of capabilities)
    verified_work: int = 0  # verified contributions and verified roles, together
    verified_roles: int = 0
    capabilities: int = 0
    initiatives: int = 0

    def reached_by(self, s: Standing) -> bool:
        return (s.verified_roles + s.verified_contributions >= self.verified_work
                and s.verified_roles >= self.verified_roles
                and s.capabilities >= self.capabilities and s.initiatives >= self.initiatives)

    @property
    def rule(self) -> str:
        return str(self.text) % {
            "work": self.verified_work, "roles": self.verified_roles,
            "capabilities": self.capabilities, "initiatives": self.initiatives,
            "all": len(Capability)}


LEVELS = (  # lowest first; a person's level is the highest one they reach (number = index + 1)
    Level("contributor", _("Contributor"),
          _("At least one contribution or completed role verified by a peer."),
          verified_work=1),
    Level("micro_leader", _("Micro-leader"),
          _("At least one role completed and verified by a peer."), verified_roles=1),
    Level("steward", _("Steward"),
          _("At least %(roles)d verified roles, exercising at least %(capabilities)d of the "
            "%(all)d capabilities."), verified_roles=3, capabilities=2),
    Level("orchestrator_ready", _("Orchestrator-ready"),
          _("At least %(roles)d verified roles in at least %(initiatives)d initiatives, "
            "exercising all %(capabilities)d capabilities."),
          verified_roles=5, capabilities=4, initiatives=2),
)


def level_number(s: Standing) -> int:
    """1-based number of the highest level reached; 0 for none."""
    return max((n for n, level in enumerate(LEVELS, 1) if level.reached_by(s)), default=0)


def level_at(number: int | None) -> Level | None:
    """The level with this number (None for 0, None or a number no longer in the table)."""
    return LEVELS[number - 1] if number and 0 < number <= len(LEVELS) else None


def standings(user_ids) -> dict[int, Standing]:
    """Each volunteer's standing (two grouped queries); volunteers without verified work are
    left out (their standing is `Standing()`, level 0)."""
    roles = {r["v"]: r for r in Claim.objects.filter(
        volunteer_id__in=user_ids, status=Claim.Status.VERIFIED).values(v=F("volunteer_id"))
        .annotate(n=Count("id"), caps=Count("role__capability", distinct=True),
                  inis=Count("role__initiative", distinct=True))}
    work = dict(Contribution.objects.filter(
        claim__volunteer_id__in=user_ids, status__in=Contribution.COUNTED)
        .values_list("claim__volunteer_id").annotate(n=Count("id")).order_by())
    return {uid: Standing(verified_roles=roles.get(uid, {}).get("n", 0),
                          verified_contributions=work.get(uid, 0),
                          capabilities=roles.get(uid, {}).get("caps", 0),
                          initiatives=roles.get(uid, {}).get("inis", 0))
            for uid in set(roles) | set(work)}
