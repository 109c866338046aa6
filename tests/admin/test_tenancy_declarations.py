"""The tenant admin base keeps no policy of its own: each model says how it reaches its
organization (or that it is shared reference data) where it is defined, and what an
orchestrator manages comes from people.access, whose one cache forgets a changed membership."""

from django.contrib import admin
from django.test import RequestFactory

from governance.models import Theme
from initiatives.models import Collective, Initiative, Region, Sdg
from people import access
from people.admin import tenancy
from people.models import Organization, Skill, User
from tests import factories


def test_shared_reference_data_is_declared_on_the_model_and_open_to_every_choice(
        orchestrator, other_org):
    factories.RegionFactory()
    factories.SkillFactory(name="Mapping", slug="mapping")
    for model in (Region, Sdg, Skill):
        assert model.shared_reference_data is True
        assert tenancy.scoped_choices(model, orchestrator).count() == model.objects.count() > 0


def test_tenant_rows_follow_the_lookup_their_admin_declares(org, other_org, orchestrator):
    mine = factories.CollectiveFactory(coordinator=org)
    factories.CollectiveFactory(coordinator=other_org)
    assert tenancy.tenant_lookup_for(Collective) == "coordinator"
    assert list(tenancy.scoped_choices(Collective, orchestrator)) == [mine]
    assert tenancy.tenant_lookup_for(Organization) == "pk"
    assert list(tenancy.scoped_choices(Organization, orchestrator)) == [org]
    factories.InitiativeFactory(organization=other_org)
    assert not tenancy.scoped_choices(Initiative, orchestrator).exists()


def test_people_to_pick_are_members_of_managed_organizations(org, other_org, orchestrator):
    member = factories.MembershipFactory(organization=org).user
    stranger = factories.MembershipFactory(organization=other_org).user
    assert admin.site._registry[User].tenant_choices is access.managed_people
    picked = set(tenancy.scoped_choices(User, orchestrator))
    assert member in picked and orchestrator in picked and stranger not in picked


def test_a_model_that_declares_nothing_offers_no_choices(orchestrator):
    """Fail-closed: governance rows have an organization column but no TenantAdmin."""
    factories.CollectiveFactory()
    assert tenancy.tenant_lookup_for(Theme) is None
    assert not tenancy.scoped_choices(Theme, orchestrator).exists()


def test_the_admin_sees_a_new_membership_at_once(db):
    """One cache, in the policy module: a membership added for this user object is seen by the
    admin base at once (the admin used to keep a second cache that never forgot)."""
    user = factories.UserFactory(is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = user
    initiatives_admin = admin.site._registry[Initiative]
    assert not initiatives_admin.has_module_permission(request)
    factories.MembershipFactory(user=user, level="orchestrator")  # the receiver forgets
    assert initiatives_admin.has_module_permission(request)
    assert not hasattr(user, "_crowddo_admin_managed")
