"""Factories for governance tests (kept here so the shared tests/factories.py stays untouched)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils.text import slugify

from governance.models import Commitment, CoveragePiece, Theme
from roles.models import Claim, Contribution
from tests import factories


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    role = factory.SubFactory(factories.RoleFactory)
    organization = factory.LazyAttribute(lambda o: o.role.organization)
    volunteer = factory.SubFactory(factories.UserFactory)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    claim = factory.SubFactory(ClaimFactory)
    organization = factory.LazyAttribute(lambda o: o.claim.organization)
    date = factory.LazyFunction(dt.date.today)
    hours = Decimal("2")
    micro_improvements = 3
    status = Contribution.Status.VERIFIED


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    collective = factory.SubFactory(factories.CollectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PieceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoveragePiece

    theme = factory.SubFactory(ThemeFactory)
    collective = factory.LazyAttribute(lambda o: o.theme.collective)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    region = factory.SubFactory(factories.RegionFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    collective = factory.SubFactory(factories.CollectiveFactory)
    organization = factory.LazyAttribute(lambda o: o.collective.coordinator)
    title = factory.Sequence(lambda n: f"Commitment {n}")
    kind = Commitment.Kind.MONTHLY_REPORT
    starts_on = dt.date(2026, 1, 1)
