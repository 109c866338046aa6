"""Open data API: a public collective's governance is open; a private one is not."""

import datetime as dt

import pytest

from governance import services as governance
from governance.models import Commitment, Story
from people.models import ApiKey
from tests import factories
from tests.builders import contribution_in


@pytest.fixture
def governed(world):
    governance.charter_update(collective=world.collective, actor=world.coord,
                              purpose="Every school improving.", principles="One\nTwo")
    governance.charter_accept(collective=world.collective, organization=world.b,
                              actor=world.b_orch)
    for org in (world.a, world.b):
        governance.commitment_create(collective=world.collective, actor=world.coord,
                                     title=f"Plan of {org.name}", owner=org,
                                     kind=Commitment.Kind.MARKED, due_on=dt.date(2030, 1, 1))
    maths = factories.ThemeFactory(collective=world.collective, name="Maths")
    piece = factories.CoveragePieceFactory(theme=maths)
    factories.CoveragePieceFactory(theme=piece.theme)
    governance.coverage_claim(piece=piece, organization=world.b, actor=world.b_orch)
    public = governance.story_attach(actor=world.b_orch, title="Public story", text="t",
                                     contribution=contribution_in(world.b_initiative))
    private = governance.story_attach(actor=world.b_orch, title="Private story", text="t",
                                      contribution=contribution_in(world.b_private))
    featured = governance.story_feature(story=public, actor=world.coord)
    # featured by hand: the coordinator could not feature it (see test_stories)
    Story.objects.filter(pk=private.pk).update(featured_at=featured.featured_at)
    return world


def get(api, world, what):
    return api.get(f"/api/v1/collectives/{world.collective.slug}/{what}/")


def test_charter_commitments_coverage_and_featured_stories_are_open_data(
        api, governed, django_assert_max_num_queries):
    charter = get(api, governed, "charter").json()
    assert charter["principles"] == ["One", "Two"]
    assert [a["organization"] for a in charter["acceptances"]] == ["Beta"]
    with django_assert_max_num_queries(3):
        commitments = get(api, governed, "commitments").json()
    assert {(c["title"], s["organization"], s["state"])
            for c in commitments for s in c["statuses"]} == {
        ("Plan of Alpha", "Alpha", "due"), ("Plan of Beta", "Beta", "due")}
    coverage = get(api, governed, "coverage").json()
    assert coverage["gaps"] == 1
    assert [p["covered_by"] for p in coverage["pieces"] if not p["gap"]] == [["Beta"]]
    stories = get(api, governed, "stories").json()
    assert [s["title"] for s in stories] == ["Public story"]  # never the private initiative's


def test_a_private_collective_answers_404_to_another_organizations_key(api, governed):
    governed.collective.is_public = False
    governed.collective.save()
    for what in ("charter", "commitments", "coverage", "stories"):
        assert get(api, governed, what).status_code == 404
    api.force_authenticate(user=None, token=ApiKey(organization=governed.x, name="k", prefix="x"))
    for what in ("charter", "commitments", "coverage", "stories"):
        assert get(api, governed, what).status_code == 404


def test_inside_a_private_collective_a_member_sees_only_its_own_statuses(api, governed):
    governed.collective.is_public = False
    governed.collective.save()
    api.force_authenticate(user=governed.b_member)
    statuses = [s["organization"] for c in get(api, governed, "commitments").json()
                for s in c["statuses"]]
    assert statuses == ["Beta"]
    api.force_authenticate(user=governed.b_orch)
    titles = {s["title"] for s in get(api, governed, "stories").json()}
    assert titles == {"Public story", "Private story"}  # its own private work, too


def test_the_api_is_read_only(api, governed):
    api.force_authenticate(user=governed.coord)
    for what in ("charter", "commitments", "coverage", "stories"):
        assert api.post(f"/api/v1/collectives/{governed.collective.slug}/{what}/",
                        {}).status_code == 405
