"""The collective dashboard's feed of recent verified work: read from its roll-up rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import services
from dashboards.models import RECENT_WORK, RecentWork
from dashboards.selectors import figures
from dashboards.selectors import pages as selectors
from roles.models import Contribution
from tests import builders, factories
from tests.dashboards.test_views import grow, world  # noqa: F401 (fixture)


def _expected(collective) -> list[int]:
    """The rule over the raw rows: the newest public verified micro-improvements."""
    return list(figures.recent_work(figures.public_work_of_collective(collective.pk))
                .values_list("pk", flat=True)[:RECENT_WORK])


def test_the_feed_is_the_newest_public_verified_work_and_never_private_work(world):  # noqa: F811
    collective = world["collective"]
    grow(collective, world["orgs"], world["where"], 6)  # a third of them private
    shown = selectors.recent_verified(collective)
    assert [c.pk for c in shown] == _expected(collective)
    assert len(shown) == RECENT_WORK
    assert all(c.claim.role.initiative.is_public for c in shown)
    private = Contribution.objects.filter(claim__role__initiative__is_public=False,
                                          claim__role__initiative__collective=collective)
    assert private.exists()
    assert not RecentWork.objects.filter(contribution__in=private).exists()


def test_a_write_moves_the_feed_and_a_retraction_refills_it(world):  # noqa: F811
    collective, org = world["collective"], world["orgs"][0]
    role = factories.RoleFactory(initiative__organization=org, initiative__collective=collective,
                                 initiative__is_public=True, seats=3)
    boss, person = builders.staff(org), builders.person(20)
    builders.work(role, person, [(1, 2, None)], final="verified", verifier=boss,
                  verify_logs=True)
    services.apply_initiative(initiative_id=role.initiative_id)
    newest = Contribution.objects.filter(claim__role=role).get()
    assert selectors.recent_verified(collective)[0] == newest
    from roles import services as role_services

    role_services.contribution_retract(contribution=newest, actor=boss, reason="Counted twice.")
    services.apply_initiative(initiative_id=role.initiative_id)
    assert newest not in selectors.recent_verified(collective)
    assert [c.pk for c in selectors.recent_verified(collective)] == _expected(collective)


def test_the_collective_page_runs_a_fixed_number_of_queries(world, client):  # noqa: F811
    """Anonymous visitor, page cache off: the same count with six more initiatives."""
    url = f"/collectives/{world['collective'].slug}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    few = count()
    grow(world["collective"], world["orgs"], world["where"], 6)
    assert count() == few == 14
