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
