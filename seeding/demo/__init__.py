"""Demo data drawn from the seed articles (`manage.py seed_demo`). Idempotent: running it again
changes nothing.

A collective of three school organizations improving schools district by district
toward one shared goal ("Every School Improving", after the Punjab Education
Collective and Teach For All), an environmental open-data initiative (after
MapBiomas), a housing initiative (after Built for Zero), and volunteers holding
micro-leadership roles across the four capabilities. Everything is written through the
services, so the demo obeys the same rules as real use.
"""

from django.db import transaction

from initiatives.models import Initiative
from people.models import Organization, User
from roles.models import Claim, Role
from seeding.demo import base, governance, indicators, outcomes, volunteers, work
from seeding.demo.data import PASSWORD, PEOPLE

__all__ = ["PASSWORD", "PEOPLE", "seed"]


@transaction.atomic
def seed() -> dict[str, int]:
    base.reference_data()
    users = base.users()
    base.initiatives(base.collective())
    work.claims(users)
    work.dashboard_history()
    governance.seed(users)
    indicators.seed(users)
    volunteers.extras(users)
    volunteers.apprentices(users)
    volunteers.sent_back_work(users)
    volunteers.held_report(users)  # after the history: it is measured against verified work
    volunteers.rotation(users)
    outcomes.seed(users)  # a closed initiative, a proposal turned into a lead role
    return {
        "organizations": Organization.objects.count(),
        "initiatives": Initiative.objects.count(),
        "roles": Role.objects.count(),
        "claims": Claim.objects.count(),
        "people": User.objects.count(),
    }
