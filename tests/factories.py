"""factory_boy factories for the whole suite: one per model a test builds by hand.

Builders that combine several rows (a tenant, a collective with members, logged work) live in
tests/builders.py.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.db.models import Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import slugify

from governance.models import Charter, Commitment, CommitmentStatus, CoveragePiece, Story, Theme
from initiatives.models import (
    Collective,
    CollectiveMembership,
    Decision,
    Indicator,
    Initiative,
    Region,
    Resource,
)
from people.models import Membership, Organization, Skill, User, VolunteerProfile
from roles.models import Capability, Claim, Contribution, Proposal, Role, WaitlistEntry
from webhooks.models import WebhookDelivery, WebhookEndpoint


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    weekly_capacity_hours = 4


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    level = Membership.Level.MEMBER


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    level = Region.Level.COUNTRY
    parent = None


class CollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collective

    name = factory.Sequence(lambda n: f"Collective {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "Many organizations, one goal."
    coordinator = factory.SubFactory(OrganizationFactory)
    goal_target = 1000


class CollectiveMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveMembership

    collective = factory.SubFactory(CollectiveFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = CollectiveMembership.Status.ACTIVE


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "Small improvements, counted together."
    goal_target = 100
    status = Initiative.Status.ACTIVE
    is_public = True


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    initiative = factory.SubFactory(InitiativeFactory)
    organization = factory.LazyAttribute(lambda o: o.initiative.organization)
    title = factory.Sequence(lambda n: f"Role {n}")
    responsibility = "Own one small, clear thing every week."
    capability = Capability.SENSEMAKING
    hours_per_week = 2
    seats = 1
    status = Role.Status.OPEN


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    collective = factory.SubFactory(CollectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    definition = "What counts, what does not, and how it is measured."
    unit = "things"
    aggregation = Indicator.Aggregation.SUM

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.regions.set(extracted)


def _count_seats(role_id: int) -> None:
    """A row written around the services: the role's seat counter follows it, as
    `seat_counter.recount` would (seats grow to fit when a test stacks more active claims
    than the role has seats: the CHECK constraint refuses an overfilled counter)."""
    taken = Claim.objects.filter(role_id=role_id, status=Claim.Status.ACTIVE,
                                 kind=Claim.Kind.REGULAR).count()
    offered = WaitlistEntry.objects.filter(role_id=role_id,
                                           status=WaitlistEntry.Status.OFFERED).count()
    Role.objects.filter(pk=role_id).update(seats=Greatest("seats", Value(taken + offered)),
                                           seats_taken=taken, seats_offered=offered)


class CountedSeats(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = super()._create(model_class, *args, **kwargs)
        _count_seats(row.role_id)
        return row


class ClaimFactory(CountedSeats):
    """A claim row as it stands, without the seat and capacity checks of `claim_role` (the
    role's seat counter follows it: `_count_seats`)."""

    class Meta:
        model = Claim

    role = factory.SubFactory(RoleFactory)
    organization = factory.LazyAttribute(lambda o: o.role.organization)
    volunteer = factory.SubFactory(UserFactory)


class ContributionFactory(factory.django.DjangoModelFactory):
    """Verified by default: the row that counts (pass `status=` for the others)."""

    class Meta:
        model = Contribution

    claim = factory.SubFactory(ClaimFactory)
    organization = factory.LazyAttribute(lambda o: o.claim.organization)
    date = factory.LazyFunction(dt.date.today)
    hours = Decimal("2")
    micro_improvements = 3
    status = Contribution.Status.VERIFIED


class WaitlistEntryFactory(CountedSeats):
    class Meta:
        model = WaitlistEntry

    role = factory.SubFactory(RoleFactory)
    organization = factory.LazyAttribute(lambda o: o.role.organization)
    volunteer = factory.SubFactory(UserFactory)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    initiative = factory.SubFactory(InitiativeFactory)
    organization = factory.LazyAttribute(lambda o: o.initiative.organization)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "A small change worth trying."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    initiative = factory.SubFactory(InitiativeFactory)
    organization = factory.LazyAttribute(
        lambda o: o.initiative.organization if o.initiative else o.collective.coordinator)
    collective = None
    title = factory.Sequence(lambda n: f"Decision {n}")
    decided_on = dt.date(2026, 1, 5)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    initiative = factory.SubFactory(InitiativeFactory)
    organization = factory.LazyAttribute(lambda o: o.initiative.organization)
    title = factory.Sequence(lambda n: f"Toolkit {n}")
    url = "https://example.org/kit"


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charter

    collective = factory.SubFactory(CollectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    purpose = "Every school, better every week."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    collective = factory.SubFactory(CollectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CoveragePieceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoveragePiece

    theme = factory.SubFactory(ThemeFactory)
    collective = factory.LazyAttribute(lambda o: o.theme.collective)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    region = factory.SubFactory(RegionFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    collective = factory.SubFactory(CollectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    title = factory.Sequence(lambda n: f"Commitment {n}")
    kind = Commitment.Kind.MONTHLY_REPORT
    starts_on = dt.date(2026, 1, 1)


class CommitmentStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentStatus

    commitment = factory.SubFactory(CommitmentFactory)
    organization = factory.LazyAttribute(lambda o: o.commitment.organization)


class StoryFactory(factory.django.DjangoModelFactory):
    """A featured story of the collective."""

    class Meta:
        model = Story

    collective = factory.SubFactory(CollectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    title = factory.Sequence(lambda n: f"Story {n}")
    text = "What changed, told by the people who changed it."
    featured_at = factory.LazyFunction(timezone.now)


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    organization = factory.SubFactory(OrganizationFactory)
    url = "http://127.0.0.1:8409/hook"
    events = factory.LazyFunction(lambda: ["role.claimed"])
    secret = "s" * 64


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    organization = factory.LazyAttribute(lambda o: o.endpoint.organization)
    event = "role.claimed"
    event_key = factory.Sequence(lambda n: f"event-{n}")
    payload = factory.LazyFunction(dict)
