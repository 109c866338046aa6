"""factory_boy factories for the whole suite."""

import factory
from django.utils.text import slugify

from initiatives.models import Collective, CollectiveMembership, Indicator, Initiative, Region
from people.models import Membership, Organization, Skill, User, VolunteerProfile
from roles.models import Capability, Role


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
