"""a collective's tabs show only the pages the visitor may open."""

from initiatives.models import CollectiveMembership
from tests import factories
from tests.builders import staff


def tabs(client, url) -> str:
    page = client.get(url).content.decode()
    return page.split('class="gov-nav"')[1].split("</nav>")[0]


def test_visitors_see_no_accountability_tab_members_do(client, collective_world):
    w = collective_world
    url = f"/collectives/{w.collective.slug}/coverage/"
    assert "Accountability" not in tabs(client, url) and "Coverage" in tabs(client, url)
    client.force_login(w.b_member)
    assert "/accountability/" in tabs(client, url)
    assert client.get(f"/collectives/{w.collective.slug}/accountability/").status_code == 200
    client.force_login(w.x_orch)  # another organization: no tab, and the page is a 404
    assert "Accountability" not in tabs(client, url)
    assert client.get(f"/collectives/{w.collective.slug}/accountability/").status_code == 404


def test_an_invited_organization_sees_only_the_charter_tab(client, db):
    private = factories.CollectiveFactory(is_public=False)
    invited = factories.OrganizationFactory()
    factories.CollectiveMembershipFactory(collective=private, organization=invited,
                                          status=CollectiveMembership.Status.INVITED)
    client.force_login(staff(invited))
    nav = tabs(client, f"/collectives/{private.slug}/charter/")
    assert "Charter" in nav
    assert not any(t in nav for t in ("Dashboard", "Coverage", "Accountability", "Stories"))
