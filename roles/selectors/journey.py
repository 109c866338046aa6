"""The leadership journey on /me/: levels earned from verified work only.

Each level is defined once, in `LEVELS`: its thresholds are what `level_of` applies and what
the page shows as the level's rule (the text is formatted from the same numbers). The
dashboards' hour milestones are a separate system (merging the two is the trust issue's job).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from people.models import User
from roles.models import Capability, Claim, Contribution


@dataclass(frozen=True)
class Level:
    """One level: the thresholds `reached_by` applies, and its rule as the page shows it — a
    text formatted from those same thresholds."""

    key: str
    name: str
    text: str  # formatted with the thresholds below and `all` (the number of capabilities)
    verified_work: int = 0  # contributions and completed roles verified by a peer, together
    verified_roles: int = 0  # roles completed and verified by a peer
    capabilities: int = 0  # of the four capabilities, exercised in verified roles
    initiatives: int = 0  # initiatives of the verified roles

    def reached_by(self, j: Journey) -> bool:
        exercised = sum(1 for n in j.capabilities.values() if n)
        return (j.verified_roles + j.verified_contributions >= self.verified_work
                and j.verified_roles >= self.verified_roles
                and exercised >= self.capabilities and j.initiatives >= self.initiatives)

    @property
    def rule(self) -> str:
        return str(self.text) % {
            "work": self.verified_work, "roles": self.verified_roles,
            "capabilities": self.capabilities, "initiatives": self.initiatives,
            "all": len(Capability)}


LEVELS = (  # lowest first; a person's level is the highest one they reach
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


@dataclass
class Journey:
    verified_roles: int
    verified_contributions: int
    initiatives: int
    capabilities: dict = field(default_factory=dict)  # capability -> verified roles
    level: str | None = None


def level_of(j: Journey) -> str | None:
    reached = [level.key for level in LEVELS if level.reached_by(j)]
    return reached[-1] if reached else None


def journey(user: User) -> Journey:
    """Levels earned from verified work only: two grouped queries."""
    verified = Claim.objects.filter(volunteer=user, status=Claim.Status.VERIFIED)
    per_cap = dict(verified.values_list("role__capability").annotate(n=Count("pk")))
    totals = verified.aggregate(roles=Count("pk"),
                                initiatives=Count("role__initiative", distinct=True))
    contributions = Contribution.objects.filter(
        claim__volunteer=user, status__in=Contribution.COUNTED
    ).count()
    j = Journey(
        verified_roles=totals["roles"], verified_contributions=contributions,
        initiatives=totals["initiatives"],
        capabilities={c: per_cap.get(c.value, 0) for c in Capability},
    )
    j.level = level_of(j)
    return j
