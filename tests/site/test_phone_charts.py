"""on a phone a chart is drawn for its width, so its labels stay readable."""

from tests import factories


def test_phones_get_a_narrow_chart_with_the_same_numbers(client, db):
    collective = factories.CollectiveFactory()
    page = client.get(f"/collectives/{collective.slug}/").content.decode()
    base = f"/collectives/{collective.slug}/charts/progress.svg"
    assert f'<source media="(max-width: 40rem)" srcset="{base}?narrow=1">' in page
    wide = client.get(base).content.decode()
    narrow = client.get(base + "?narrow=1").content.decode()
    assert 'width="760"' in wide and 'width="380"' in narrow
    assert "<script" not in narrow


def test_a_region_chart_keeps_its_region_on_the_phone(client, db):
    collective = factories.CollectiveFactory()
    region = factories.RegionFactory()
    page = client.get(f"/collectives/{collective.slug}/?region={region.pk}").content.decode()
    assert f"charts/regions.svg?region={region.pk}&amp;narrow=1" in page


def test_a_narrow_bar_chart_keeps_its_names_and_a_few_round_ticks(client, db):
    """Beside long organization names, pygal cut every value tick to "…" at 380 px; the
    phone's bar chart gets three or four round ticks and whole names."""
    import re

    from dashboards import services as dashboards_services
    from roles.models import Claim

    collective = factories.CollectiveFactory()
    for name, n in (("District Learning Alliance", 124), ("Bright Schools Network", 184)):
        org = factories.OrganizationFactory(name=name)
        factories.CollectiveMembershipFactory(collective=collective, organization=org)
        initiative = factories.InitiativeFactory(collective=collective, organization=org)
        claim = factories.ClaimFactory(role=factories.RoleFactory(initiative=initiative),
                                       status=Claim.Status.ACTIVE)
        factories.ContributionFactory(claim=claim, micro_improvements=n)
    dashboards_services.rollup_everything()
    base = f"/collectives/{collective.slug}/charts/organizations.svg"
    narrow = client.get(base + "?narrow=1").content.decode()
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", narrow)
    assert "District Learning Alliance" in labels and "Bright Schools Network" in labels
    assert "…" not in labels
    assert [t for t in labels if t in ("0", "100", "200")] == ["0", "100", "200"]
