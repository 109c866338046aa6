"""/me/ is a workspace of short tabs; the verification queue shows one item at a
time, each linking to the verifier's page."""

from decimal import Decimal

from django.utils import timezone

from roles import services
from tests import builders, factories
from tests.builders import person


def queue_of_three():
    role = factories.RoleFactory(seats=3, title="School visits")
    author, peer = person(20), person(20)
    claim = services.claim_role(role=role, volunteer=author)
    builders.give_standing(peer, role.initiative, role=role)  # verified work of their own
    work = [services.contribution_log(claim=claim, volunteer=author, date=timezone.localdate(),
                                      hours=Decimal(h), micro_improvements=1)
            for h in ("1", "2", "3")]
    return peer, work


def test_the_queue_shows_one_request_at_a_time(client, db):
    peer, work = queue_of_three()
    client.force_login(peer)
    first = client.get("/me/?tab=verify").content.decode()
    assert "To verify (3)" in first and "Request 1 of 3" in first
    assert f"/me/verify/contributions/{work[0].pk}/" in first
    assert f"/me/verify/contributions/{work[1].pk}/" not in first
    second = client.get("/me/?tab=verify&item=2").content.decode()
    assert "Request 2 of 3" in second and f"/me/verify/contributions/{work[1].pk}/" in second
    assert 'href="?tab=verify&amp;item=3"' in second  # next


def test_the_roles_tab_is_short_and_holds_no_queue(client, db):
    peer, work = queue_of_three()
    client.force_login(peer)
    page = client.get("/me/").content.decode()
    assert 'aria-current="page">My roles' in page
    assert "/me/verify/contributions/" not in page and "Your leadership journey" not in page


def test_an_unknown_tab_is_the_roles_tab(client, db):
    client.force_login(person(4))
    assert client.get("/me/?tab=nonsense").context["tab"] == "roles"


def test_someone_outside_the_initiative_sees_no_queue(client, db):
    peer, work = queue_of_three()
    builders.signed_in(client, 4)  # verified nowhere, member of nothing
    page = client.get("/me/?tab=verify").content.decode()
    assert "To verify (0)" in page and "No requests right now." in page
