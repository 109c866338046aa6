"""Small worlds for the dashboard tests, built through the real services."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from initiatives.models import Region
from people.models import Membership
from roles import services
from tests import factories


def regions():
    country = factories.RegionFactory(name="Testland", slug="testland")
    state = Region.objects.create(name="North", slug="north", level="state", parent=country)
    east = Region.objects.create(name="East District", slug="east", level="district", parent=state)
    west = Region.objects.create(name="West District", slug="west", level="district", parent=state)
    return {"country": country, "state": state, "east": east, "west": west}


def collective_with(orgs: int = 2):
    collective = factories.CollectiveFactory(goal_target=100)
    members = [factories.CollectiveMembershipFactory(collective=collective).organization
               for _ in range(orgs)]
    return collective, members


def orchestrator(org):
    return factories.MembershipFactory(organization=org, level=Membership.Level.ORCHESTRATOR).user


def volunteer(capacity: int = 20):
    return factories.ProfileFactory(weekly_capacity_hours=capacity).user


def work(role, person, logs, *, final="active", verifier=None, verify_logs=False):
    """Claim the role, log [(hours, micro_improvements, region)], then complete/verify."""
    claim = services.claim_role(role=role, volunteer=person)
    today = timezone.localdate()
    made = [services.contribution_log(claim=claim, volunteer=person, date=today,
                                      hours=Decimal(str(h)), micro_improvements=n, region=r)
            for h, n, r in logs]
    if verify_logs:
        for c in made:
            services.contribution_verify(contribution=c, verifier=verifier)
    if final in ("completed", "verified"):
        services.claim_complete(claim=claim, volunteer=person)
    if final == "verified":
        services.claim_verify(claim=claim, verifier=verifier)
    claim.refresh_from_db()
    return claim


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)
