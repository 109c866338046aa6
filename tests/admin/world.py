"""One organization's whole world: a row of every tenant model, every text marked with a token.

The isolation matrix builds two worlds (A and B) and, as B's owner, looks for A's token and
A's primary keys in every admin response.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from dashboards.services import rollup_initiative
from governance import services as governance
from governance.models import Commitment, CommitmentStatus
from initiatives.models import (
    Collective,
    CollectiveMembership,
    Decision,
    Indicator,
    Resource,
    Sdg,
)
from people import services as people_services
from people.models import AuditEvent, Membership
from roles import services as role_services
from roles.models import Proposal, WaitlistEntry
from tests import factories
from webhooks.models import WebhookDelivery, WebhookEndpoint


@dataclass
class World:
    token: str
    org: object
    owner: object
    orchestrator: object
    volunteer: object
    initiative: object
    role: object
    rows: dict = field(default_factory=dict)  # model -> set of pks made for this world


def _note(world: World, obj) -> None:
    world.rows.setdefault(type(obj), set()).add(obj.pk)


def build_world(token: str, region, skill, org=None) -> World:
    """A fresh organization's world, or (with `org`) more of every row in an existing one."""
    org = org or factories.OrganizationFactory(
        name=f"{token} organization", slug=f"{token}-org", description=token)
    owner = factories.MembershipFactory(
        organization=org, level="owner", user__display_name=f"{token} owner").user
    orchestrator = factories.MembershipFactory(
        organization=org, level="orchestrator", user__display_name=f"{token} orch").user
    volunteer = factories.ProfileFactory(
        user__display_name=f"{token} volunteer", weekly_capacity_hours=20).user
    peer = factories.ProfileFactory(user__display_name=f"{token} peer",
                                    weekly_capacity_hours=20).user
    factories.MembershipFactory(organization=org, user=volunteer)
    outsider_org = factories.OrganizationFactory(name=f"{token} invited", slug=f"{token}-inv")
    collective = Collective.objects.create(
        name=f"{token} collective", slug=f"{token}-coll", summary=token, coordinator=org,
        goal_target=500, goal_label=f"{token} goals")
    invitation = CollectiveMembership.objects.create(
        collective=collective, organization=outsider_org)
    initiative = factories.InitiativeFactory(
        organization=org, name=f"{token} initiative", slug=f"{token}-init", summary=token,
        collective=collective, region=region, goal_label=f"{token} improvements")
    initiative.sdgs.set(Sdg.objects.filter(number__in=[4, 13]))
    role = role_services.role_create(
        initiative=initiative, actor=owner, title=f"{token} role", responsibility=token,
        capability="sensemaking", seats=3, hours_per_week=2, skills=[skill])
    claim = role_services.claim_role(role=role, volunteer=volunteer)
    role_services.claim_role(role=role, volunteer=peer)
    indicator = Indicator.objects.create(  # issue 10: the collective's indicator registry
        collective=collective, slug=f"{token}-ind", name=f"{token} indicator", definition=token,
        unit="things")
    contribution = role_services.contribution_log(
        claim=claim, volunteer=volunteer, date=timezone.localdate(), hours=Decimal("2"),
        micro_improvements=3, note=token, indicators=[{"indicator": f"{token}-ind", "value": 3}])
    role_services.contribution_verify(contribution=contribution, verifier=orchestrator,
                                      comment=token)
    full = role_services.role_create(
        initiative=initiative, actor=owner, title=f"{token} full role", responsibility=token,
        capability="relating", seats=1, hours_per_week=1)
    role_services.claim_role(role=full, volunteer=peer)
    waiting = WaitlistEntry.objects.create(organization=org, role=full, volunteer=volunteer)
    proposal = Proposal.objects.create(
        organization=org, initiative=initiative, author=volunteer, title=f"{token} idea",
        description=token)
    decisions = [
        Decision.objects.create(organization=org, initiative=initiative, title=f"{token} d1",
                                decided_on=dt.date(2026, 1, 5), decided_by=token),
        Decision.objects.create(organization=org, collective=collective, title=f"{token} d2",
                                decided_on=dt.date(2026, 1, 6), decided_by=token),
    ]
    resource = Resource.objects.create(organization=org, initiative=initiative,
                                       title=f"{token} toolkit", url="https://example.org/t")
    key, _ = people_services.api_key_create(organization=org, name=f"{token} key")
    progress = rollup_initiative(initiative_id=initiative.pk)
    # Webhooks (api2): an endpoint and a failed delivery, for the webhooks admins.
    endpoint = WebhookEndpoint.objects.create(
        organization=org, url=f"http://127.0.0.1:8409/{token}", events=["role.claimed"],
        secret="s" * 64, description=token)
    delivery = WebhookDelivery.objects.create(
        organization=org, endpoint=endpoint, event="role.claimed", event_key=f"x:{token}",
        payload={"marker": token}, status=WebhookDelivery.Status.FAILED, attempts=6)

    governance_rows = _governance(token, org, owner, collective, region)

    world = World(token, org, owner, orchestrator, volunteer, initiative, role)
    for obj in [org, outsider_org, collective, invitation, initiative, role, full, claim,
                contribution, waiting, proposal, *decisions, resource, key, progress,
                endpoint, delivery, indicator, *governance_rows,
                *contribution.verifications.all(), *role.claims.all(), *full.claims.all(),
                *Membership.objects.filter(organization=org),
                # the audit log (issue 9): api_key_create above recorded an event for org
                *AuditEvent.objects.filter(organization=org)]:
        _note(world, obj)
    return world


def _governance(token: str, org, owner, collective, region) -> list:
    """The collective's charter (accepted), a commitment with its status, a theme, a covered
    piece and a story: every governance row, made through the services."""
    charter = governance.charter_update(collective=collective, actor=owner, purpose=token,
                                        principles=token)
    acceptance = governance.charter_accept(collective=collective, organization=org,
                                           actor=owner)
    commitment = governance.commitment_create(
        collective=collective, actor=owner, title=f"{token} promise", description=token,
        kind=Commitment.Kind.MARKED, owner=org, due_on=dt.date(2030, 1, 1))
    theme = governance.theme_create(collective=collective, actor=owner, name=f"{token} theme")
    piece = governance.coverage_piece_define(collective=collective, actor=owner, region=region,
                                             theme=theme)
    covered = governance.coverage_claim(piece=piece, organization=org, actor=owner)
    story = governance.story_attach(actor=owner, title=f"{token} story", text=token,
                                    collective=collective, organization=org, moment=token)
    return [charter, acceptance, commitment, theme, piece, covered, story,
            *CommitmentStatus.objects.filter(commitment=commitment),
            *Decision.objects.filter(collective=collective)]
