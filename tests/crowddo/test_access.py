import pytest
from django.http import Http404
from django.utils import timezone

from crowddo.errors import NotAllowed
from governance import services as governance
from initiatives import services as initiatives
from initiatives.access import visible_initiatives
from initiatives.models import CollectiveMembership, Decision, Indicator, Initiative, Resource
from people import access
from people import services as people
from people.models import ApiKey
from tests import factories
from tests.builders import build_collective_world


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
    key = ApiKey(organization=private_initiative.organization, name="k", prefix="p")
    assert access.member_org_ids(key) == {private_initiative.organization_id}
    assert access.managed_org_ids(key) == set()  # read-only by default
    key.revoked_at = timezone.now()
    assert access.member_org_ids(key) == set()


# --- "may manage this organization": one check, one message, in every write of people,
# initiatives and governance (people.access.require_manager / require_owner) -----------------

def _manager_writes(w):
    """(name, call) for every write that needs a manager of A (or of A's collective)."""
    c = w.collective
    piece = factories.CoveragePieceFactory(theme=factories.ThemeFactory(collective=c))
    charter_story = w.story
    return [
        ("api_key_revoke", lambda a: people.api_key_revoke(key=w.key, actor=a)),
        ("initiative_save", lambda a: initiatives.initiative_save(initiative=w.initiative,
                                                                 actor=a)),
        ("initiative_set_status", lambda a: initiatives.initiative_set_status(
            initiative=w.draft, status=Initiative.Status.ACTIVE, actor=a)),
        ("initiative_close", lambda a: initiatives.initiative_close(
            initiative=w.initiative, actor=a, outcome="Done.")),
        ("decision_record", lambda a: initiatives.decision_record(decision=Decision(
            initiative=w.initiative, decided_on="2026-01-01", title="t", decided_by="us"),
            actor=a)),
        ("resource_save", lambda a: initiatives.resource_save(resource=Resource(
            collective=c, title="t", url="https://example.org/"), actor=a)),
        ("collective_save", lambda a: initiatives.collective_save(collective=c, actor=a)),
        ("collective_invite", lambda a: initiatives.collective_invite(
            collective=c, organization=w.x, actor=a)),
        ("indicator_save", lambda a: initiatives.indicator_save(indicator=Indicator(
            collective=c, slug="i", name="I", definition="d", unit="u"), actor=a)),
        ("charter_update", lambda a: governance.charter_update(collective=c, actor=a,
                                                               purpose="Taken over")),
        ("charter_accept", lambda a: governance.charter_accept(collective=c, organization=w.b,
                                                               actor=a)),
        ("commitment_create", lambda a: governance.commitment_create(
            collective=c, actor=a, title="t", kind="verify_within")),
        ("theme_create", lambda a: governance.theme_create(collective=c, actor=a, name="New")),
        ("coverage_piece_define", lambda a: governance.coverage_piece_define(
            collective=c, actor=a, region=piece.region, theme=piece.theme)),
        ("coverage_claim", lambda a: governance.coverage_claim(piece=piece, organization=w.b,
                                                               actor=a)),
        ("coverage_release", lambda a: governance.coverage_release(piece=piece,
                                                                   organization=w.b, actor=a)),
        ("story_attach", lambda a: governance.story_attach(
            actor=a, title="t", text="t", collective=c, organization=w.b, moment="m")),
        ("story_feature", lambda a: governance.story_feature(story=charter_story, actor=a)),
    ]


@pytest.fixture
def managed_world(db):
    world = build_collective_world()
    governance.charter_update(collective=world.collective, actor=world.coord, purpose="Ours")
    world.key, _ = people.api_key_create(organization=world.a, name="partner")
    world.initiative = world.a_initiative
    world.draft = factories.InitiativeFactory(organization=world.a, status="draft")
    world.story = governance.story_attach(actor=world.b_orch, title="t", text="t",
                                          collective=world.collective, organization=world.b,
                                          moment="m")
    return world


def test_every_write_refuses_a_non_manager_with_the_one_message(managed_world):
    """An orchestrator of another organization and a plain member of B (which A's collective
    counts as a member) are refused by each write with `access.MANAGER_ONLY`, word for word."""
    refused = {}
    for name, call in _manager_writes(managed_world):
        for actor in (managed_world.x_orch, managed_world.b_member):
            try:
                call(actor)
            except NotAllowed as exc:
                refused.setdefault(name, set()).add(exc.message)
            else:
                refused.setdefault(name, set()).add("went through")
    wrong = {n: m for n, m in refused.items() if m != {access.MANAGER_ONLY}}
    assert not wrong, wrong


def test_owner_only_writes_refuse_orchestrators_with_the_one_message(managed_world):
    w = managed_world
    invitation = initiatives.collective_invite(collective=w.collective, organization=w.x,
                                               actor=w.coord)
    with pytest.raises(NotAllowed) as refused:
        people.membership_invite(organization=w.a, email="new@example.org", actor=w.coord)
    assert refused.value.message == access.OWNER_ONLY
    with pytest.raises(NotAllowed) as refused:
        initiatives.collective_accept(membership=invitation, actor=w.x_orch)
    assert refused.value.message == access.OWNER_ONLY


def test_joining_through_the_charter_needs_an_owner_like_the_invitation(managed_world):
    """Accepting the charter makes an invited organization a member: the same decision as
    "Accept the invitation", so the same people (owners) take it."""
    w = managed_world
    invitation = initiatives.collective_invite(collective=w.collective, organization=w.x,
                                               actor=w.coord)
    with pytest.raises(NotAllowed) as refused:
        governance.charter_accept(collective=w.collective, organization=w.x, actor=w.x_orch)
    assert refused.value.message == access.OWNER_ONLY
    invitation.refresh_from_db()
    assert invitation.status == CollectiveMembership.Status.INVITED
    assert not w.collective.charter.acceptances.filter(organization=w.x).exists()
    owner = factories.MembershipFactory(organization=w.x, level="owner").user
    governance.charter_accept(collective=w.collective, organization=w.x, actor=owner)
    invitation.refresh_from_db()
    assert invitation.status == CollectiveMembership.Status.ACTIVE
    # an active member's orchestrator still accepts each new version
    governance.charter_update(collective=w.collective, actor=w.coord, purpose="Ours, v2")
    governance.charter_accept(collective=w.collective, organization=w.x, actor=w.x_orch)
