"""Qualified peers for any test that verifies work (`roles.selectors.verification.may_verify_q`):
a volunteer with standing in an initiative holds a role there and has work of their own that an
orchestrator verified."""

from django.utils import timezone

from people.models import Membership
from roles import services
from tests import factories


def orchestrator_of(organization):
    """An orchestrator of the organization (may verify there; not bounded per week)."""
    return factories.MembershipFactory(organization=organization,
                                       level=Membership.Level.ORCHESTRATOR).user


def give_standing(person, initiative, *, role=None):
    """Claim a role of the initiative (a fresh one unless given) and have one contribution of
    the person's verified by an orchestrator: from now on they may verify peers there."""
    role = role or factories.RoleFactory(initiative=initiative, seats=5, hours_per_week=1)
    claim = services.claim_role(role=role, volunteer=person)
    work = services.contribution_log(claim=claim, volunteer=person, date=timezone.localdate(),
                                     hours=1, micro_improvements=0)
    services.contribution_verify(contribution=work,
                                 verifier=orchestrator_of(initiative.organization))
    return claim


def qualified_peer(initiative, *, role=None):
    """A new volunteer with standing in the initiative."""
    person = factories.ProfileFactory(weekly_capacity_hours=40).user
    give_standing(person, initiative, role=role)
    return person
