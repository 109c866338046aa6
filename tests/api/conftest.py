"""Fixtures for the partner API tests: two organizations, each with private rows that carry
a marker string, so a leak shows up as that marker in another caller's response."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from dashboards import services as dashboards_services
from governance.models import Charter, Commitment, CommitmentStatus, CoveragePiece, Story, Theme
from initiatives.models import Decision, Indicator
from people import services as people_services
from roles import services as roles_services
from roles.models import Proposal
from tests import factories
from webhooks.models import WebhookDelivery, WebhookEndpoint

API = "/api/v1/"


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    """Throttle counters live in the cache: start each test with none, and high rates."""
    cache.clear()
    # Fast password hashing: the factories create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/min", "key": "10000/min", "auth_failure": "10000/min"}}
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def make_key(organization, *, can_write=False, revoked=False):
    key, raw = people_services.api_key_create(organization=organization, name="partner",
                                              can_write=can_write)
    if revoked:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key, raw


def bearer(raw: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}


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
    decision: object = None
    private_collective: object = None
    endpoint: object = None
    delivery: object = None
    volunteer: object = None
    keys: dict = field(default_factory=dict)


def add_governance(t: Tenant) -> None:
    """Charter, a commitment with a status, a coverage piece and a featured story in the
    private collective, each carrying the marker."""
    collective, org = t.private_collective, t.org
    Charter.objects.create(organization=org, collective=collective, purpose=t.marker,
                           principles=t.marker)
    commitment = Commitment.objects.create(
        organization=org, collective=collective, title=f"{t.marker} commitment",
        kind=Commitment.Kind.MARKED, due_on=dt.date(2030, 1, 1), starts_on=dt.date(2026, 1, 1))
    CommitmentStatus.objects.create(organization=org, commitment=commitment,
                                    detail=t.marker)
    theme = Theme.objects.create(organization=org, collective=collective, name=t.marker,
                                 slug=f"theme-{org.slug}")
    CoveragePiece.objects.create(organization=org, collective=collective, theme=theme,
                                 region=factories.RegionFactory())
    Story.objects.create(organization=org, collective=collective, moment=t.marker,
                         title=f"{t.marker} story", text=t.marker, featured_at=timezone.now())
    Indicator.objects.create(collective=collective, slug="private-indicator", unit=t.marker,
                             name=f"{t.marker} indicator", definition=t.marker)


def build_tenant(name: str) -> Tenant:
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
    t.draft_role = factories.RoleFactory(initiative=t.public_initiative, status="draft",
                                         title=f"{marker} draft role", responsibility=marker)
    t.volunteer = factories.ProfileFactory(
        weekly_capacity_hours=20, user__email=f"{name}.volunteer@example.org",
        user__display_name=f"{marker} volunteer", user__show_in_reports=True).user
    factories.MembershipFactory(organization=org, user=t.volunteer)
    t.claim = roles_services.claim_role(role=t.private_role, volunteer=t.volunteer)
    t.contribution = roles_services.contribution_log(
        claim=t.claim, volunteer=t.volunteer, date=timezone.localdate(), hours=Decimal("2"),
        micro_improvements=3, note=marker)
    t.proposal = Proposal.objects.create(
        organization=org, initiative=t.public_initiative, author=t.volunteer,
        title=f"{marker} proposal", description=marker)
    t.decision = Decision.objects.create(
        organization=org, initiative=t.private_initiative, decided_on=dt.date(2026, 1, 5),
        title=f"{marker} decision", decided_by=marker)
    t.private_collective = factories.CollectiveFactory(
        coordinator=org, is_public=False, name=f"{marker} collective", slug=f"collective-{name}",
        summary=marker)
    t.private_initiative.collective = t.private_collective
    t.private_initiative.save()
    t.endpoint = WebhookEndpoint.objects.create(
        organization=org, url=f"http://127.0.0.1:8409/{marker}", events=["role.claimed"],
        secret="s" * 64, description=marker)
    t.delivery = WebhookDelivery.objects.create(
        organization=org, endpoint=t.endpoint, event="role.claimed", event_key=f"x:{marker}",
        payload={"marker": marker}, status=WebhookDelivery.Status.FAILED, attempts=6)
    add_governance(t)
    for initiative in (t.public_initiative, t.private_initiative):
        # Every roll-up table the API reads: totals, days, leadership, regions.
        dashboards_services.refresh_initiative(initiative_id=initiative.pk)
    t.keys = {
        "read": make_key(org)[1],
        "write": make_key(org, can_write=True)[1],
        "revoked": make_key(org, can_write=True, revoked=True)[1],
    }
    return t


@pytest.fixture
def world(db):
    """Two organizations, `a` and `b`, each with a full set of private rows."""
    return {"a": build_tenant("a"), "b": build_tenant("b")}
