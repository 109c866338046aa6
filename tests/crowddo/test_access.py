import pytest
from django.http import Http404

from initiatives.access import visible_initiatives
from initiatives.models import Initiative
from people import access
from tests import factories


@pytest.fixture
def private_initiative(db):
    return factories.InitiativeFactory(is_public=False, slug="board-succession")


def test_other_organizations_private_initiative_answers_404(client, private_initiative):
    outsider = factories.MembershipFactory(level="owner").user  # owner of another organization
    client.force_login(outsider)
    assert client.get("/initiatives/board-succession/").status_code == 404


def test_anonymous_gets_404_for_private_initiative(client, private_initiative):
    assert client.get("/initiatives/board-succession/").status_code == 404


def test_member_sees_own_private_initiative(client, private_initiative):
    member = factories.MembershipFactory(organization=private_initiative.organization).user
    client.force_login(member)
    response = client.get("/initiatives/board-succession/")
    assert response.status_code == 200
    assert private_initiative.name in response.content.decode()


def test_public_initiatives_of_every_organization_are_open_data(client, db):
    public = factories.InitiativeFactory(is_public=True)
    assert client.get(public.get_absolute_url()).status_code == 200


def test_draft_initiative_is_not_open_data(client, db):
    draft = factories.InitiativeFactory(is_public=True, status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_get_or_404_hides_rows_outside_the_scope(private_initiative):
    outsider = factories.MembershipFactory().user
    scoped = visible_initiatives(Initiative.objects.all(), outsider)
    with pytest.raises(Http404):
        access.get_or_404(scoped, pk=private_initiative.pk)
    with pytest.raises(Http404):
        access.get_or_404(scoped, pk="not-a-number")


def test_private_rows_and_managed_rows_follow_membership_levels(private_initiative):
    org = private_initiative.organization
    member = factories.MembershipFactory(organization=org, level="member").user
    orchestrator = factories.MembershipFactory(organization=org, level="orchestrator").user
    qs = Initiative.objects.all()
    assert list(access.private_rows(qs, member)) == [private_initiative]
    assert list(access.managed_rows(qs, member)) == []
    assert list(access.managed_rows(qs, orchestrator)) == [private_initiative]


def test_api_key_sees_its_organization_only_while_active(private_initiative):
    from django.utils import timezone

    from people.models import ApiKey

    key = ApiKey(organization=private_initiative.organization, name="k", prefix="p")
    assert access.member_org_ids(key) == {private_initiative.organization_id}
    assert access.managed_org_ids(key) == set()  # read-only by default
    key.revoked_at = timezone.now()
    assert access.member_org_ids(key) == set()
