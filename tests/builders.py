"""The one test world: the builders every area of the suite uses.

Rows of one model come from tests/factories.py; this module puts them together into the
situations the tests speak about: a volunteer, an organization's staff, a partner's API key,
logged work, a collective with members, and the two-tenant worlds the isolation tests attack.
tests/conftest.py exposes the common ones as fixtures.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.utils import timezone

from dashboards import services as dashboards_services
from governance import services as governance
from governance.models import Commitment, CommitmentStatus
from initiatives.models import CollectiveMembership, Decision, Region, Sdg
from people import services as people_services
from people.models import AuditEvent, Membership
from roles import services as roles_services
from roles.models import Claim, Role
from roles.services import initiative_proposals
from tests import factories
from webhooks.models import WebhookDelivery

API = "/api/v1/"


# --- people ---------------------------------------------------------------------------------

def person(capacity: int = 8, **user):
    """A volunteer with a profile and `capacity` hours a week (`user` sets User fields)."""
    return factories.ProfileFactory(
        weekly_capacity_hours=capacity, **{f"user__{k}": v for k, v in user.items()}).user


def verified(user):
    """`user` with their email address verified and primary, as after allauth's link."""
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signed_in(client, capacity: int = 8, **user):
    """A new volunteer (see `person`), logged in on the test client."""
    volunteer = person(capacity, **user)
    client.force_login(volunteer)
    return volunteer


def staff(org, level: str = Membership.Level.ORCHESTRATOR, *, is_staff: bool = False, **user):
    """A member of `org` at `level`; `is_staff` also lets them into the admin."""
    member = factories.MembershipFactory(
        organization=org, level=level, **{f"user__{k}": v for k, v in user.items()})
    if is_staff:
        member.user.is_staff = True
        member.user.save()
    return member.user


def api_key(organization, *, can_write: bool = False, revoked: bool = False):
    """A partner's API key: (the key row, the raw `prefix.secret` shown once)."""
    key, raw = people_services.api_key_create(organization=organization, name="partner",
                                              can_write=can_write)
    if revoked:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key, raw


def bearer(raw: str | None) -> dict:
    """The request headers that present `raw` as the API key (none for an anonymous call)."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}


# --- places and work ------------------------------------------------------------------------

def regions():
    """Testland > North > East and West districts."""
    country = factories.RegionFactory(name="Testland", slug="testland")
    state = factories.RegionFactory(name="North", slug="north", level=Region.Level.STATE,
                                    parent=country)
    east = factories.RegionFactory(name="East District", slug="east",
                                   level=Region.Level.DISTRICT, parent=state)
    west = factories.RegionFactory(name="West District", slug="west",
                                   level=Region.Level.DISTRICT, parent=state)
    return {"country": country, "state": state, "east": east, "west": west}


def collective_with(orgs: int = 2):
    """A collective (goal 100) and `orgs` active member organizations."""
    collective = factories.CollectiveFactory(goal_target=100)
    members = [factories.CollectiveMembershipFactory(collective=collective).organization
               for _ in range(orgs)]
    return collective, members


def work(role, volunteer, logs, *, final="active", verifier=None, verify_logs=False):
    """Claim the role, log [(hours, micro_improvements, region)], then complete/verify,
    all through the services."""
    claim = roles_services.claim_role(role=role, volunteer=volunteer)
    today = timezone.localdate()
    made = [roles_services.contribution_log(claim=claim, volunteer=volunteer, date=today,
                                            hours=Decimal(str(h)), micro_improvements=n,
                                            region=r)
            for h, n, r in logs]
    if verify_logs:
        for c in made:
            roles_services.contribution_verify(contribution=c, verifier=verifier)
    if final in ("completed", "verified"):
        roles_services.claim_complete(claim=claim, volunteer=volunteer)
    if final == "verified":
        roles_services.claim_verify(claim=claim, verifier=verifier)
    claim.refresh_from_db()
    return claim


def give_standing(person, initiative, *, role=None):
    """A qualified peer (`roles.selectors.verification.may_verify_q`): the person claims a role
    of the initiative (a fresh one unless given) and an orchestrator verifies one contribution
    of theirs; from then on they may verify peers there."""
    role = role or factories.RoleFactory(initiative=initiative, seats=5, hours_per_week=1)
    claim = roles_services.claim_role(role=role, volunteer=person)
    done = roles_services.contribution_log(claim=claim, volunteer=person,
                                           date=timezone.localdate(), hours=1,
                                           micro_improvements=0)
    roles_services.contribution_verify(contribution=done,
                                       verifier=staff(initiative.organization))
    return claim


def qualified_peer(initiative, *, role=None):
    """A new volunteer with standing in the initiative."""
    peer = factories.ProfileFactory(weekly_capacity_hours=40).user
    give_standing(peer, initiative, role=role)
    return peer


def idle_claim(days_idle: int, stale_after_days: int = 14, **role):
    """A volunteer's claim (through `claim_role`) of a fresh role, untouched for `days_idle`."""
    claim = roles_services.claim_role(
        role=factories.RoleFactory(stale_after_days=stale_after_days, **role),
        volunteer=factories.ProfileFactory().user)
    Claim.objects.filter(pk=claim.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(days=days_idle))
    return claim


def contribution_in(initiative, **kwargs):
    """A contribution row on a fresh claim of a fresh role in the initiative."""
    claim = factories.ClaimFactory(role=factories.RoleFactory(initiative=initiative))
    return factories.ContributionFactory(claim=claim, **kwargs)


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


# --- a collective ---------------------------------------------------------------------------

def build_collective_world() -> SimpleNamespace:
    """Collective "Every School" coordinated by Alpha, with Beta an active member; Xeno outside.

    Beta has a public and a private initiative in it; each organization has an orchestrator.
    """
    a, b, x = (factories.OrganizationFactory(name=n) for n in ("Alpha", "Beta", "Xeno"))
    collective = factories.CollectiveFactory(name="Every School", coordinator=a)
    for org in (a, b):
        factories.CollectiveMembershipFactory(collective=collective, organization=org)
    w = SimpleNamespace(a=a, b=b, x=x, collective=collective)
    w.coord = staff(a)
    w.b_orch = staff(b)
    w.b_member = staff(b, Membership.Level.MEMBER)
    w.x_orch = staff(x)
    w.a_initiative = factories.InitiativeFactory(organization=a, collective=collective)
    w.b_initiative = factories.InitiativeFactory(organization=b, collective=collective)
    w.b_private = factories.InitiativeFactory(organization=b, collective=collective,
                                              is_public=False)
    return w


# --- a tenant as the partner API sees it ----------------------------------------------------

@dataclass
class Tenant:
    """One organization with open and private rows; `marker` appears in every private row."""

    org: object
    marker: str
    public_initiative: object = None
    private_initiative: object = None
    private_role: object = None
    draft_role: object = None
    claim: object = None
    contribution: object = None
    proposal: object = None
    initiative_proposal: object = None
    decision: object = None
    private_collective: object = None
    endpoint: object = None
    delivery: object = None
    volunteer: object = None
    keys: dict = field(default_factory=dict)


def _tenant_governance(t: Tenant) -> None:
    """Charter, a commitment with a status, a coverage piece and a featured story in the
    private collective, each carrying the marker."""
    collective, org, marker = t.private_collective, t.org, t.marker
    factories.CharterFactory(organization=org, collective=collective, purpose=marker,
                             principles=marker)
    commitment = factories.CommitmentFactory(
        organization=org, collective=collective, title=f"{marker} commitment",
        kind=Commitment.Kind.MARKED, due_on=dt.date(2030, 1, 1))
    factories.CommitmentStatusFactory(organization=org, commitment=commitment, note=marker)
    theme = factories.ThemeFactory(organization=org, collective=collective, name=marker,
                                   slug=f"theme-{org.slug}")
    factories.CoveragePieceFactory(organization=org, collective=collective, theme=theme)
    factories.StoryFactory(organization=org, collective=collective, moment=marker,
                           title=f"{marker} story", text=marker)
    factories.IndicatorFactory(collective=collective, slug="private-indicator", unit=marker,
                               name=f"{marker} indicator", definition=marker)


def build_tenant(name: str) -> Tenant:
    """Organization `name` with a public and a private initiative, roles, a claim with logged
    work, a proposal, a decision, a private collective with its governance, a failed webhook
    delivery, roll-ups, and three API keys (read, write, revoked)."""
    marker = f"PRIVATE-{name.upper()}-7f3a"
    org = factories.OrganizationFactory(name=f"Org {name}", slug=f"org-{name}")
    t = Tenant(org=org, marker=marker)
    t.public_initiative = factories.InitiativeFactory(organization=org, name=f"Open {name}",
                                                      slug=f"open-{name}")
    t.private_initiative = factories.InitiativeFactory(
        organization=org, is_public=False, name=f"{marker} initiative", slug=f"private-{name}",
        summary=marker)
    t.private_role = factories.RoleFactory(initiative=t.private_initiative, seats=3,
                                           title=f"{marker} role", responsibility=marker)
    t.draft_role = factories.RoleFactory(initiative=t.public_initiative, status=Role.Status.DRAFT,
                                         title=f"{marker} draft role", responsibility=marker)
    t.volunteer = person(20, email=f"{name}.volunteer@example.org",
                         display_name=f"{marker} volunteer", show_in_reports=True)
    factories.MembershipFactory(organization=org, user=t.volunteer)
    t.claim = roles_services.claim_role(role=t.private_role, volunteer=t.volunteer)
    t.contribution = roles_services.contribution_log(
        claim=t.claim, volunteer=t.volunteer, date=timezone.localdate(), hours=Decimal("2"),
        micro_improvements=3, note=marker)
    t.proposal = factories.ProposalFactory(
        initiative=t.public_initiative, author=t.volunteer, title=f"{marker} proposal",
        description=marker)
    t.initiative_proposal = initiative_proposals.initiative_proposal_submit(
        organization=org, author=t.volunteer, name=f"{marker} initiative proposal",
        purpose=marker)
    t.decision = factories.DecisionFactory(
        initiative=t.private_initiative, decided_on=dt.date(2026, 1, 5),
        title=f"{marker} decision", decided_by=marker)
    t.private_collective = factories.CollectiveFactory(
        coordinator=org, is_public=False, name=f"{marker} collective", slug=f"collective-{name}",
        summary=marker)
    t.private_initiative.collective = t.private_collective
    t.private_initiative.save()
    t.endpoint = factories.WebhookEndpointFactory(
        organization=org, url=f"http://127.0.0.1:8409/{marker}", description=marker)
    t.delivery = factories.WebhookDeliveryFactory(
        endpoint=t.endpoint, event_key=f"x:{marker}", payload={"marker": marker},
        status=WebhookDelivery.Status.FAILED,
        attempts=6)
    _tenant_governance(t)
    for initiative in (t.public_initiative, t.private_initiative):
        # Every roll-up table the API reads: totals, days, leadership, regions.
        dashboards_services.refresh_initiative(initiative_id=initiative.pk)
    t.keys = {
        "read": api_key(org)[1],
        "write": api_key(org, can_write=True)[1],
        "revoked": api_key(org, can_write=True, revoked=True)[1],
    }
    return t


# --- a tenant with a row of every model, as the admin isolation matrix sees it --------------

@dataclass
class TenantRows:
    token: str
    org: object
    owner: object
    orchestrator: object
    volunteer: object
    initiative: object
    role: object
    rows: dict = field(default_factory=dict)  # model -> set of pks made for this tenant

    def note(self, obj) -> None:
        self.rows.setdefault(type(obj), set()).add(obj.pk)


def build_tenant_rows(token: str, region, skill, org=None) -> TenantRows:
    """A fresh organization with a row of every tenant model, every text marked with `token`,
    made through the services where there is one; or (with `org`) more of every row in an
    existing one."""
    org = org or factories.OrganizationFactory(
        name=f"{token} organization", slug=f"{token}-org", description=token)
    owner = staff(org, Membership.Level.OWNER, display_name=f"{token} owner")
    orchestrator = staff(org, display_name=f"{token} orch")
    volunteer = person(20, display_name=f"{token} volunteer")
    peer = person(20, display_name=f"{token} peer")
    factories.MembershipFactory(organization=org, user=volunteer)
    outsider_org = factories.OrganizationFactory(name=f"{token} invited", slug=f"{token}-inv")
    collective = factories.CollectiveFactory(
        name=f"{token} collective", slug=f"{token}-coll", summary=token, coordinator=org,
        goal_target=500, goal_label=f"{token} goals")
    invitation = factories.CollectiveMembershipFactory(
        collective=collective, organization=outsider_org,
        status=CollectiveMembership.Status.INVITED)
    initiative = factories.InitiativeFactory(
        organization=org, name=f"{token} initiative", slug=f"{token}-init", summary=token,
        collective=collective, region=region, goal_label=f"{token} improvements")
    initiative.sdgs.set(Sdg.objects.filter(number__in=[4, 13]))
    role = roles_services.role_create(
        initiative=initiative, actor=owner, title=f"{token} role", responsibility=token,
        capability="sensemaking", seats=3, hours_per_week=2, skills=[skill])
    claim = roles_services.claim_role(role=role, volunteer=volunteer)
    roles_services.claim_role(role=role, volunteer=peer)
    indicator = factories.IndicatorFactory(
        collective=collective, slug=f"{token}-ind", name=f"{token} indicator", definition=token,
        unit="things")
    contribution = roles_services.contribution_log(
        claim=claim, volunteer=volunteer, date=timezone.localdate(), hours=Decimal("2"),
        micro_improvements=3, note=token, indicators=[{"indicator": f"{token}-ind", "value": 3}])
    roles_services.contribution_verify(contribution=contribution, verifier=orchestrator,
                                       comment=token)
    full = roles_services.role_create(
        initiative=initiative, actor=owner, title=f"{token} full role", responsibility=token,
        capability="relating", seats=1, hours_per_week=1)
    roles_services.claim_role(role=full, volunteer=peer)
    waiting = factories.WaitlistEntryFactory(role=full, volunteer=volunteer)
    proposal = factories.ProposalFactory(initiative=initiative, author=volunteer,
                                         title=f"{token} idea", description=token)
    idea = initiative_proposals.initiative_proposal_submit(
        organization=org, author=volunteer, name=f"{token} new initiative", purpose=token,
        sdgs=Sdg.objects.filter(number=4), goal_label=f"{token} goals",
        first_roles=f"{token} first role")
    decisions = [
        factories.DecisionFactory(initiative=initiative, title=f"{token} d1",
                                  decided_on=dt.date(2026, 1, 5), decided_by=token),
        factories.DecisionFactory(initiative=None, organization=org, collective=collective,
                                  title=f"{token} d2", decided_on=dt.date(2026, 1, 6),
                                  decided_by=token),
    ]
    resource = factories.ResourceFactory(initiative=initiative, title=f"{token} toolkit",
                                         url="https://example.org/t")
    key, _ = people_services.api_key_create(organization=org, name=f"{token} key")
    invited = people_services.membership_invite(
        organization=org, email=f"{token}-invitee@example.org", actor=owner)
    progress = dashboards_services.rollup_initiative(initiative_id=initiative.pk)
    endpoint = factories.WebhookEndpointFactory(
        organization=org, url=f"http://127.0.0.1:8409/{token}", description=token)
    delivery = factories.WebhookDeliveryFactory(
        endpoint=endpoint, event_key=f"x:{token}", payload={"marker": token},
        status=WebhookDelivery.Status.FAILED, attempts=6)

    tenant = TenantRows(token, org, owner, orchestrator, volunteer, initiative, role)
    for obj in [org, outsider_org, collective, invitation, initiative, role, full, claim,
                contribution, waiting, proposal, idea, *decisions, resource, key, invited, progress,
                endpoint, delivery, indicator, *_governance_rows(token, org, owner, collective,
                                                                  region),
                *contribution.verifications.all(), *role.claims.all(), *full.claims.all(),
                *Membership.objects.filter(organization=org),
                # the audit log: api_key_create above recorded an event for org
                *AuditEvent.objects.filter(organization=org)]:
        tenant.note(obj)
    return tenant


def _governance_rows(token: str, org, owner, collective, region) -> list:
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
