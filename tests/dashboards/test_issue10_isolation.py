"""Issue 10 review: a private collective's indicators stay closed to other organizations and
to anonymous callers (in the API also to an organization only invited); a private
initiative's reports never reach the public figures."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from dashboards import services as dashboard_services
from dashboards.models import IndicatorTotal
from initiatives.models import CollectiveMembership
from people import services as people_services
from roles import services
from tests import factories, peers

API = "/api/v1/collectives/{}/indicators/"


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    cache.clear()
    yield
    cache.clear()


def _key(org):
    return people_services.api_key_create(organization=org, name="k")[1]


def _orchestrator(org):
    return factories.MembershipFactory(organization=org, level="orchestrator").user


def test_outsiders_do_not_read_a_private_collective_s_indicators(client, db):
    collective = factories.CollectiveFactory(is_public=False, slug="closed-net")
    factories.IndicatorFactory(collective=collective, name="Wells repaired", slug="wells")
    invited = factories.CollectiveMembershipFactory(
        collective=collective, status=CollectiveMembership.Status.INVITED).organization
    api = APIClient()
    for key in (_key(invited), _key(factories.OrganizationFactory())):
        assert api.get(API.format("closed-net"),
                       HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404
    # The pages (like the charter page an invited organization reads before joining) open to
    # an invited organization; everyone else outside gets 404.
    for user in (_orchestrator(factories.OrganizationFactory()),
                 factories.MembershipFactory(organization=factories.OrganizationFactory(),
                                             level="owner").user):
        client.force_login(user)
        response = client.get("/collectives/closed-net/indicators/")
        assert response.status_code == 404 and "Wells" not in response.content.decode()
    client.logout()
    assert client.get("/collectives/closed-net/indicators/").status_code == 404


def test_private_initiative_reports_stay_out_of_the_public_figures(client, db):
    collective = factories.CollectiveFactory(slug="open-net")
    factories.IndicatorFactory(collective=collective, slug="wells", name="Wells repaired")
    member = factories.CollectiveMembershipFactory(collective=collective).organization
    initiative = factories.InitiativeFactory(organization=member, collective=collective,
                                             is_public=False)
    user = factories.ProfileFactory().user
    factories.MembershipFactory(organization=member, user=user)
    claim = services.claim_role(role=factories.RoleFactory(initiative=initiative),
                                volunteer=user)
    work = services.contribution_log(claim=claim, volunteer=user, date=timezone.localdate(),
                                     hours=1, indicators=[{"indicator": "wells", "value": "777"}])
    # verified, so that only the rule under test can keep it out
    services.contribution_verify(contribution=work, verifier=peers.orchestrator_of(member))
    dashboard_services.refresh_initiative(initiative_id=initiative.pk)
    dashboard_services.rollup_everything()
    assert not IndicatorTotal.objects.filter(value=777).exists()
    assert "777" not in client.get("/collectives/open-net/indicators/").content.decode()
    rows = APIClient().get(API.format("open-net"),
                           HTTP_AUTHORIZATION=f"Bearer {_key(member)}").json()["results"]
    assert [r["reports"] for r in rows] == [0]
