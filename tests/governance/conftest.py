"""A small collective: coordinator A, member B (with a private initiative), outsider X."""

from types import SimpleNamespace

import pytest

from tests import factories
from tests.governance.factories import ClaimFactory, ContributionFactory


def orchestrator_of(org, **kwargs):
    return factories.MembershipFactory(organization=org, level="orchestrator", **kwargs).user


def build_collective_world() -> SimpleNamespace:
    """Collective "Every School" coordinated by Alpha, with Beta an active member; Xeno outside.

    Used by the governance tests and by every test that needs a collective (tests/crowddo).
    """
    a, b, x = (factories.OrganizationFactory(name=n) for n in ("Alpha", "Beta", "Xeno"))
    collective = factories.CollectiveFactory(name="Every School", coordinator=a)
    for org in (a, b):
        factories.CollectiveMembershipFactory(collective=collective, organization=org)
    w = SimpleNamespace(a=a, b=b, x=x, collective=collective)
    w.coord = orchestrator_of(a)
    w.b_orch = orchestrator_of(b)
    w.b_member = factories.MembershipFactory(organization=b, level="member").user
    w.x_orch = orchestrator_of(x)
    w.a_initiative = factories.InitiativeFactory(organization=a, collective=collective)
    w.b_initiative = factories.InitiativeFactory(organization=b, collective=collective)
    w.b_private = factories.InitiativeFactory(organization=b, collective=collective,
                                              is_public=False)
    return w


@pytest.fixture
def world(db):
    return build_collective_world()


def contribution_in(initiative, **kwargs):
    """A contribution on a fresh claim of a fresh role in the initiative."""
    role = factories.RoleFactory(initiative=initiative)
    claim = ClaimFactory(role=role)
    return ContributionFactory(claim=claim, **kwargs)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
