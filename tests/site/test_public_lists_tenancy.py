"""the home page and /collectives/ list a private collective only to its own
organizations; its figures and name never reach another organization or a visitor."""

import pytest

from tests import factories
from tests.builders import staff

pytestmark = pytest.mark.usefixtures("fresh_cache")


def test_a_private_collective_stays_with_its_organizations(client, db):
    mine = factories.OrganizationFactory()
    private = factories.CollectiveFactory(name="Quiet circle", coordinator=mine,
                                          is_public=False)
    factories.CollectiveFactory(name="Open circle")
    for url in ("/", "/collectives/"):
        page = client.get(url).content.decode()
        assert "Open circle" in page and "Quiet circle" not in page
    client.force_login(staff(factories.OrganizationFactory()))  # another organization
    for url in ("/", "/collectives/"):
        assert "Quiet circle" not in client.get(url).content.decode()
    client.force_login(staff(mine))
    for url in ("/", "/collectives/"):
        page = client.get(url).content.decode()
        assert "Quiet circle" in page and f'href="/collectives/{private.slug}/"' in page


def test_home_region_is_in_the_address_and_filters_the_roles(client, db):
    punjab = factories.RegionFactory(name="Punjab")
    factories.RoleFactory(title="Near role", region=punjab)
    factories.RoleFactory(title="Far role", region=factories.RegionFactory(name="Pará"))
    page = client.get(f"/?region={punjab.pk}").content.decode()
    assert "Open roles in Punjab" in page and "Near role" in page and "Far role" not in page
    assert f'<option value="{punjab.pk}" selected>' in page
    assert "Far role" in client.get("/").content.decode()
    assert client.get("/?region=nonsense").status_code == 200  # unknown: every region
