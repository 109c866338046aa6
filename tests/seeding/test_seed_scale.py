"""seed_scale: bulk synthetic data that keeps every invariant the services keep."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from initiatives.models import Collective, CollectiveMembership, Initiative, Region
from people.models import Membership, Organization, User, VolunteerProfile
from roles import services
from roles.models import Claim, Contribution, Role
from roles.services import seat_counter
from seeding import scale
from seeding.scale import load as scale_load
from tests import factories

TINY = ["--organizations=3", "--initiatives=30", "--roles=120", "--volunteers=60",
        "--claims=300", "--contributions=900"]


@pytest.fixture(params=["copy", "bulk_create"])
def seeded(request, db, monkeypatch):
    """The same data set through COPY (PostgreSQL) and through the bulk_create fallback."""
    if request.param == "copy" and not scale.use_copy():
        pytest.skip("COPY needs PostgreSQL")
    if request.param == "bulk_create":
        monkeypatch.setattr(scale_load, "use_copy", lambda: False)
    call_command("seed_scale", *TINY, verbosity=0)
    return request.param


def test_seed_scale_fills_every_core_table_with_the_requested_sizes(seeded):
    assert Organization.objects.filter(slug__startswith="scale-org-").count() == 3
    assert User.objects.filter(email__endswith="@scale.crowddo.test").count() == 3 * 2 + 60
    assert VolunteerProfile.objects.count() == User.objects.count()
    assert Membership.objects.count() == 66
    assert Region.objects.filter(level="district").count() == 100
    assert Collective.objects.count() == 1 and CollectiveMembership.objects.count() == 3
    assert Initiative.objects.count() == 30 and Initiative.sdgs.through.objects.count() >= 30
    assert Role.objects.count() == 120
    assert Claim.objects.count() == 300
    assert Contribution.objects.count() == 900


def test_seeded_claims_never_overbook_and_respect_capacity(seeded):
    over = Role.objects.with_seats().filter(seats_taken__gt=F("seats"))
    assert not over.exists()
    doubled = (Claim.objects.filter(status="active").values("role", "volunteer")
               .annotate(n=Count("id")).filter(n__gt=1))
    assert not doubled.exists()
    for profile in VolunteerProfile.objects.all():
        held = services.active_hours(profile.user)
        assert held <= profile.weekly_capacity_hours
    assert Claim.objects.filter(status="active").exclude(role__status="open").count() == 0


def test_seeded_seat_counters_equal_the_active_claims(seeded):
    """COPY writes claims around the services: seed_scale sets the counter after it."""
    assert seat_counter.drift() == []
    taken = Claim.objects.filter(status="active", kind="regular").count()
    assert taken > 0
    assert Role.objects.aggregate(n=Sum("seats_taken"))["n"] == taken


def test_seeded_rows_agree_with_their_parents(seeded):
    assert not Role.objects.exclude(organization=F("initiative__organization")).exists()
    assert not Claim.objects.exclude(organization=F("role__organization")).exists()
    assert not Contribution.objects.exclude(organization=F("claim__organization")).exists()
    assert not Contribution.objects.filter(date__gt=timezone.localdate()).exists()
    assert not Contribution.objects.filter(date__lt=F("claim__claimed_at__date")).exists()
    # Private initiatives' roles are held only by members of their organization.
    private = Claim.objects.filter(role__initiative__is_public=False)
    assert private.exists()
    assert not private.exclude(
        volunteer__memberships__organization=F("organization")
    ).exists()


def test_services_work_on_seeded_data_afterwards(seeded):
    """Sequences moved past the loaded ids: ordinary creates and claims just work."""
    role = Role.objects.filter(status="open", initiative__status="active",
                               initiative__is_public=True).with_seats().filter(
        seats_free__gt=0).first()
    newcomer = factories.ProfileFactory(weekly_capacity_hours=8).user
    claim = services.claim_role(role=role, volunteer=newcomer)
    assert claim.pk > Claim.objects.exclude(pk=claim.pk).order_by("-pk").first().pk
    assert factories.OrganizationFactory().pk > 3


def test_seed_scale_refuses_to_load_the_same_prefix_twice(db):
    call_command("seed_scale", *TINY, verbosity=0)
    with pytest.raises(CommandError, match="loaded already"):
        call_command("seed_scale", *TINY, verbosity=0)
    assert Organization.objects.count() == 3  # nothing half-written
    call_command("seed_scale", *TINY, "--prefix=second", verbosity=0)
    assert Organization.objects.count() == 6


def test_seed_scale_rejects_sizes_that_cannot_be_consistent(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_scale", "--roles=0", verbosity=0)
    with pytest.raises(CommandError, match="Too many roles per volunteer"):
        call_command("seed_scale", "--organizations=1", "--initiatives=10", "--roles=400",
                     "--volunteers=2", "--claims=800", "--contributions=10", verbosity=0)
    assert not Organization.objects.exists()


def test_seed_scale_json_reports_rows_per_table(db, capsys):
    call_command("seed_scale", *TINY, "--json")
    import json

    report = json.loads(capsys.readouterr().out.strip())
    assert report["rows"]["roles_contribution"] == 900
    assert report["sizes"]["roles"] == 120 and report["seconds"] > 0
    assert sum(report["rows"].values()) == Organization.objects.count() + sum(
        m.objects.count() for m in (User, VolunteerProfile, Membership, Region, Collective,
                                    CollectiveMembership, Initiative, Initiative.sdgs.through,
                                    Role, Claim, Contribution))
    assert Contribution.objects.aggregate(h=Sum("hours"))["h"] > 0
    assert Claim.objects.filter(~Q(status="active")).exists()
