"""The soak's invariants, checked inside Django after the load (run by bench/soak.py).

    python bench/soak_check.py setup VOLUNTEERS   # soak volunteers (JSON: their e-mails)
    python bench/soak_check.py check              # invariants (JSON)

`check`: no role has more active regular claims than seats (counted two ways: the seat rule
and a plain count of claims); every roll-up table equals a full recompute from the raw rows
(rows compared field by field, timestamps of the computation left out).
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")
django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402

from dashboards import models as rollup_models  # noqa: E402
from dashboards import services as dashboards  # noqa: E402
from people.models import User, VolunteerProfile  # noqa: E402
from roles.models import Claim, Contribution, Role  # noqa: E402
from roles.services import seat_counter  # noqa: E402

PASSWORD = "soak-password-7"  # noqa: S105 (throwaway accounts in a throwaway database)
ROLLUP_TABLES = [rollup_models.InitiativeProgress, rollup_models.ScopeTotal,
                 rollup_models.DailyTotal, rollup_models.RegionTotal, rollup_models.RegionDay,
                 rollup_models.VolunteerDay, rollup_models.LeadershipMeasure,
                 rollup_models.IndicatorTotal, rollup_models.VolunteerTotal]
NOT_COMPARED = {"id", "computed_at"}


def setup(count: int) -> dict:
    emails = []
    for i in range(count):
        email = f"soak{i}@soak.test"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD,
                                            display_name=f"Soak {i}")
        EmailAddress.objects.update_or_create(user=user, email=email,
                                              defaults={"verified": True, "primary": True})
        VolunteerProfile.objects.update_or_create(user=user,
                                                  defaults={"weekly_capacity_hours": 40})
        emails.append(email)
    roles = list(Role.objects.taking_claims().filter(initiative__is_public=True)
                 .values_list("pk", flat=True)[:40])
    Role.objects.filter(pk__in=roles).update(seats=F("seats") + 3)
    return {"emails": emails, "password": PASSWORD, "roles": roles}


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def _snapshot(model) -> list:
    fields = [f.attname for f in model._meta.concrete_fields if f.attname not in NOT_COMPARED]
    rows = model.objects.values_list(*fields)
    return sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)


def check() -> dict:
    over_rule = Role.objects.with_seats().filter(seats_free__lt=0).count()
    over_count = (Role.objects.annotate(active=Count(
        "claims", filter=Q(claims__status=Claim.Status.ACTIVE, claims__kind=Claim.Kind.REGULAR)))
        .filter(active__gt=F("seats")).count())
    before = {m.__name__: _snapshot(m) for m in ROLLUP_TABLES}
    dashboards.rollup_everything()
    after = {m.__name__: _snapshot(m) for m in ROLLUP_TABLES}
    differing = {name: {"rows_before": len(before[name]), "rows_after": len(after[name]),
                        "differ": len(set(before[name]) ^ set(after[name]))}
                 for name in before if before[name] != after[name]}
    return {
        "claims": Claim.objects.count(),
        "active_claims": Claim.objects.filter(status=Claim.Status.ACTIVE).count(),
        "contributions": Contribution.objects.count(),
        "overbooked_roles_by_rule": over_rule, "overbooked_roles_by_count": over_count,
        "seat_counter_drift": len(seat_counter.drift()),
        "rollup_rows": {name: len(rows) for name, rows in after.items()},
        "rollups_differing_from_recompute": differing,
    }


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        print(json.dumps(setup(int(sys.argv[2]))))
    else:
        print(json.dumps(check()))
