"""The per-write roll-up's combined reads equal the per-scope reads they replace: people of
the scopes above an initiative (`measures.scope_people_of`), region days, region volunteers
and volunteer days (`figures.region_work`, `figures.volunteer_days_of`: from the changed
days' work read once, `figures.day_work`), distinct volunteers per day of several scopes
(`figures.day_volunteers_of`). The random-walk tests (test_deltas) check the tables they
write against a full recompute; these check the reads themselves, on every scope."""

from dashboards.models import Audience, Kind
from dashboards.selectors import figures, measures
from dashboards.services import scope_people
from dashboards.services.deltas import upper_scopes
from initiatives.models import Collective, Initiative
from roles.models import Contribution
from tests.dashboards import test_full_rollup as full_rollup

big_world = full_rollup.big_world  # every status, level, audience and kind of participant


def _rows(rows) -> list:
    return sorted(tuple(sorted(r.items())) for r in rows)


def test_people_of_the_scopes_above_read_together_equal_each_scope(big_world):
    people_rows = 0
    for ini in Initiative.objects.values("id", "organization_id", "collective_id"):
        scopes = upper_scopes(ini, is_open=True)  # every audience, public or not
        people = scope_people.people_of_initiative(ini["id"])
        got = measures.scope_people_of(scopes, people)
        assert got == {scope: measures.scope_people(scope, list(people)) for scope in scopes}
        people_rows += sum(len(rows) for rows in got.values())
    assert people_rows > 10  # not vacuous


def test_region_rows_from_one_group_by_equal_the_per_level_reads(big_world):
    days = sorted(set(Contribution.objects.values_list("date", flat=True)))
    users = set(Contribution.objects.values_list("claim__volunteer_id", flat=True))
    checked = 0
    for collective_id in Collective.objects.values_list("id", flat=True):
        scope = (Kind.COLLECTIVE, collective_id, Audience.PUBLIC)
        for some_days, some_users in ((days, users), (days[-1:], set(list(users)[:1])),
                                      ([], users), (days, set())):
            got_days, got_volunteers = figures.region_work(scope, some_days, some_users)
            assert _rows(got_days) == _rows(figures.region_days(scope, some_days))
            assert _rows(got_volunteers) == _rows(figures.region_volunteers(scope, some_users))
            assert (_rows(figures.volunteer_days_of(scope, some_days, some_users))
                    == _rows(figures.volunteer_days(scope, some_days, some_users)))
            checked += len(got_days) + len(got_volunteers)
    assert checked > 10


def test_volunteers_per_day_of_several_scopes_in_one_query(big_world):
    scopes = [(Kind.COLLECTIVE, c, Audience.PUBLIC)
              for c in Collective.objects.values_list("id", flat=True)]
    for ini in Initiative.objects.values("organization_id"):
        scopes += [(Kind.ORGANIZATION, ini["organization_id"], audience)
                   for audience in (Audience.ALL, Audience.PUBLIC)]
    scopes = sorted(set(scopes))
    days = sorted(set(Contribution.objects.values_list("date", flat=True)))
    got = figures.day_volunteers_of(scopes, days)
    for scope in scopes:
        want = {r["day"]: r["volunteers"] for r in figures.daily(scope) if r["volunteers"]}
        assert {day: n for day, n in got[scope].items() if n} == want
    assert any(got.values())
