"""Governance open data under /api/v1/collectives/<slug>/: a public collective's charter,
commitments with every member's status, coverage and featured stories are open; a private
collective answers 404 to outsiders. Private rows of both tenants carry their marker."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from governance.models import Commitment, CommitmentStatus, CoverageClaim
from tests import factories
from tests.builders import API, api_key, bearer


@pytest.fixture
def public(world):
    """A public collective coordinated by A with B as an active member."""
    a, b = world["a"], world["b"]
    collective = factories.CollectiveFactory(coordinator=a.org, slug="open-net", name="Open net")
    factories.CollectiveMembershipFactory(collective=collective, organization=b.org)
    factories.CharterFactory(collective=collective, purpose="Every school.",
                             principles="Share\nVerify")
    commitment = factories.CommitmentFactory(
        collective=collective, title="Report monthly", kind=Commitment.Kind.MARKED,
        due_on=dt.date(2030, 1, 1))
    states = CommitmentStatus.State
    for org, state in ((a.org, states.KEPT), (b.org, states.OVERDUE)):
        factories.CommitmentStatusFactory(organization=org, commitment=commitment, state=state)
    piece = factories.CoveragePieceFactory(
        theme=factories.ThemeFactory(collective=collective, name="Maths", slug="maths"),
        region=factories.RegionFactory(name="Brazil"))
    CoverageClaim.objects.create(organization=b.org, piece=piece)
    now = timezone.now()
    factories.StoryFactory(collective=collective, moment="First 100", title="A public moment",
                           text="We did it.", featured_at=now)
    # About work in A's private initiative: never open data, even when featured.
    factories.StoryFactory(collective=collective, contribution=a.contribution,
                           title=f"{a.marker} private story", text=a.marker, featured_at=now)
    return collective


def get(api, slug, what, raw=None, **params):
    return api.get(f"{API}collectives/{slug}/{what}/", params, **bearer(raw))


def test_a_public_collectives_governance_is_open_data_with_every_members_status(
        api, world, public, django_assert_max_num_queries):
    for raw in (None, world["b"].keys["read"]):
        charter = get(api, public.slug, "charter", raw).json()
        assert (charter["purpose"], charter["principles"]) == ("Every school.",
                                                               ["Share", "Verify"])
        with django_assert_max_num_queries(4):  # (key), collective, commitments, statuses
            commitments = get(api, public.slug, "commitments", raw).json()
        assert [(s["organization"], s["state"]) for s in commitments[0]["statuses"]] == [
            ("Org a", "kept"), ("Org b", "overdue")]
        coverage = get(api, public.slug, "coverage", raw).json()
        assert coverage["pieces"] == [{"region": "Brazil", "theme": "Maths",
                                       "covered_by": ["Org b"], "gap": False}]
        stories = get(api, public.slug, "stories", raw)
        assert [s["title"] for s in stories.json()] == ["A public moment"]
        assert world["a"].marker not in stories.content.decode()


def test_governance_lists_render_as_csv(api, world, public):
    text = get(api, public.slug, "commitments", format="csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["title"], r["status.organization"], r["status.state"]) for r in rows] == [
        ("Report monthly", "Org a", "kept"), ("Report monthly", "Org b", "overdue")]
    text = get(api, public.slug, "coverage", format="csv").content.decode()
    assert list(csv.DictReader(io.StringIO(text))) == [
        {"region": "Brazil", "theme": "Maths", "covered_by": "Org b", "gap": "False"}]
    stories = api.get(f"{API}collectives/{public.slug}/stories/", HTTP_ACCEPT="text/csv")
    assert stories["Content-Type"].startswith("text/csv")
    # OPTIONS answers metadata, not rows: rendered as CSV without the rows' flattening.
    assert api.options(f"{API}collectives/{public.slug}/commitments/?format=csv") \
        .status_code == 200


def test_a_private_collectives_governance_is_404_outside_it_and_401_for_a_revoked_key(
        api, world, public):
    a, b = world["a"], world["b"]
    public.is_public = False
    public.save()
    invited = factories.CollectiveMembershipFactory(collective=public, status="invited")
    _, invited_key = api_key(invited.organization)
    outsider = factories.OrganizationFactory()
    for what in ("charter", "commitments", "coverage", "stories"):
        for raw in (None, api_key(outsider)[1], invited_key):
            response = get(api, public.slug, what, raw)
            assert response.status_code == 404 and response.json()["error"] == "not_found"
        assert get(api, public.slug, what, a.keys["revoked"]).status_code == 401
        assert get(api, public.slug, what, a.keys["read"]).status_code == 200
    # Inside a private collective a member sees its own status, the coordinator everyone's.
    mine = get(api, public.slug, "commitments", b.keys["read"]).json()
    assert [s["organization"] for s in mine[0]["statuses"]] == ["Org b"]
    theirs = get(api, public.slug, "commitments", a.keys["read"]).json()
    assert [s["organization"] for s in theirs[0]["statuses"]] == ["Org a", "Org b"]


def test_a_missing_charter_and_a_write_answer_json_errors(api, world):
    collective = factories.CollectiveFactory(coordinator=world["a"].org)
    response = get(api, collective.slug, "charter")
    assert response.status_code == 404
    assert response.json()["message"] == "This collective has no charter yet."
    response = api.post(f"{API}collectives/{collective.slug}/commitments/", {},
                        **bearer(world["a"].keys["write"]))
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
