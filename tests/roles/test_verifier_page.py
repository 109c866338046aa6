"""The verifier's page shows the whole contribution (date, hours, micro-improvements, region,
note, every indicator value with its unit and definition, the evidence link, the volunteer's
recent history); verify and send back are on it. A sent-back contribution can be corrected in
full on resubmit, indicator values included. Other organizations' rows are 404."""

from decimal import Decimal

import pytest
from django.utils import timezone

from roles import services
from roles.models import Contribution
from tests import builders, factories


@pytest.fixture
def world(db):
    collective = factories.CollectiveFactory()
    org = factories.CollectiveMembershipFactory(collective=collective).organization
    ini = factories.InitiativeFactory(organization=org, collective=collective)
    east = factories.RegionFactory(name="Eastland")
    west = factories.RegionFactory(name="Westland")
    role = factories.RoleFactory(initiative=ini, seats=5, title="School visits")
    children = factories.IndicatorFactory(
        collective=collective, slug="children", name="Children in improved classrooms",
        unit="children", definition="Children whose classroom changed this week.")
    author = factories.ProfileFactory(weekly_capacity_hours=10).user
    claim = services.claim_role(role=role, volunteer=author)
    earlier = services.contribution_log(claim=claim, volunteer=author, hours=1,
                                        date=timezone.localdate(), micro_improvements=1)
    work = services.contribution_log(
        claim=claim, volunteer=author, date=timezone.localdate(), hours=Decimal("2.5"),
        micro_improvements=4, region=east, note="Painted the reading corner.",
        evidence_url="https://photos.example.org/corner.jpg",
        indicators=[{"indicator": "children", "value": 31}])
    peer = builders.qualified_peer(ini)
    return {"work": work, "earlier": earlier, "author": author, "peer": peer, "west": west,
            "children": children, "org": org}


def test_the_verifiers_page_shows_the_whole_contribution(client, world):
    client.force_login(world["peer"])
    page = client.get(f"/me/verify/contributions/{world['work'].pk}/").content.decode()
    for shown in ("Painted the reading corner.", "Eastland", "2.5", "Children in improved "
                  "classrooms", "31 children", "Children whose classroom changed this week.",
                  'href="https://photos.example.org/corner.jpg"', "recent work in this "
                  "initiative", 'action="/me/verify/contributions/', "/send-back/"):
        assert shown in page, shown
    assert page.count("<li>") >= 1 and "1 micro-improvements" in page  # the earlier one


def test_send_back_needs_a_comment_and_re_renders_the_page(client, world):
    client.force_login(world["peer"])
    url = f"/me/verify/contributions/{world['work'].pk}/send-back/"
    answer = client.post(url, {"comment": "  "})
    assert answer.status_code == 400
    assert "Painted the reading corner." in answer.content.decode()
    world["work"].refresh_from_db()
    assert world["work"].status == Contribution.Status.SUBMITTED
    assert client.post(url, {"comment": "Which school?"}).status_code == 302
    world["work"].refresh_from_db()
    assert world["work"].status == Contribution.Status.SENT_BACK


def test_a_sent_back_contribution_is_corrected_in_full_on_resubmit(client, world):
    work = world["work"]
    services.contribution_send_back(contribution=work, verifier=world["peer"],
                                    comment="31 children in one corner?")
    client.force_login(world["author"])
    page = client.get(f"/me/contributions/{work.pk}/resubmit/").content.decode()
    assert 'value="31.00"' in page or 'value="31"' in page  # the old value, to correct
    answer = client.post(f"/me/contributions/{work.pk}/resubmit/", {
        "hours": "2", "micro_improvements": "4", "region": str(world["west"].pk),
        "evidence_url": "https://photos.example.org/corner-2.jpg",
        "indicator_children": "13", "note": "13: I counted twice."})
    assert answer.status_code == 302
    work.refresh_from_db()
    assert work.status == Contribution.Status.RESUBMITTED
    assert (work.hours, work.region, work.evidence_url) == (
        Decimal("2"), world["west"], "https://photos.example.org/corner-2.jpg")
    assert [v.value for v in work.indicator_values.all()] == [Decimal("13")]


def test_a_bad_evidence_link_is_refused_with_a_sentence(client, world):
    client.force_login(world["author"])
    claim = world["work"].claim
    answer = client.post(f"/me/claims/{claim.pk}/log/", {
        "date": timezone.localdate().isoformat(), "hours": "1", "micro_improvements": "0",
        "evidence_url": "javascript:alert(1)"})
    assert "must be a web address starting with https://" in answer.content.decode()
    assert Contribution.objects.filter(claim=claim).count() == 2


def test_another_organizations_orchestrator_gets_a_404(client, world):
    other = builders.staff(factories.OrganizationFactory())
    client.force_login(other)
    url = f"/me/verify/contributions/{world['work'].pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.post(url + "send-back/", {"comment": "No."}).status_code == 404
    world["work"].refresh_from_db()
    assert world["work"].status == Contribution.Status.SUBMITTED
