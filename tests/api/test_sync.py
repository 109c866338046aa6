"""Partners' sync: a change a partner can see moves the row's `updated_at`, and `sync_token`
windows miss no row and repeat one only if it changed again."""

import datetime as dt

import pytest
from django.utils import timezone

from crowddo.api import sync
from roles import services as roles_services
from roles.models import Role
from tests import factories
from tests.builders import API, bearer


@pytest.fixture
def clock(monkeypatch):
    """The API's notion of now (`settled_now`), moved by hand: no sleeping."""
    state = {"now": timezone.now()}
    monkeypatch.setattr(sync, "settled_now", lambda: state["now"] - dt.timedelta(seconds=30))
    return state


def pull(api, token, raw=None, page_size=2) -> tuple[list[dict], str]:
    """Every page of one sync; the rows and the token for the next one."""
    rows, url = [], f"{API}roles/?sync_token={token}&page_size={page_size}"
    while url:
        page = api.get(url, **bearer(raw))
        assert page.status_code == 200, page.content
        assert page["Sync-Token"] == page.json()["sync_token"]
        rows += page.json()["results"]
        url = page.json()["next"]
    return rows, page.json()["sync_token"]


def age_everything(minutes=60):
    Role.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_a_claim_moves_the_role_into_the_next_updated_since_page(api, world):
    a = world["a"]
    role = factories.RoleFactory(initiative=a.public_initiative, seats=2)
    age_everything()
    since = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
    assert api.get(f"{API}roles/", {"updated_since": since}).json()["results"] == []
    volunteer = factories.ProfileFactory(weekly_capacity_hours=20).user
    roles_services.claim_role(role=role, volunteer=volunteer)
    rows = api.get(f"{API}roles/", {"updated_since": since}).json()["results"]
    assert [(r["id"], r["seats_left"]) for r in rows] == [(role.pk, 1)]


def test_releasing_a_claim_moves_the_role_too(api, world):
    a = world["a"]
    age_everything()
    before = Role.objects.get(pk=a.private_role.pk).updated_at
    roles_services.claim_release(claim=a.claim, volunteer=a.volunteer)
    assert Role.objects.get(pk=a.private_role.pk).updated_at > before


def test_sync_windows_miss_nothing_and_repeat_only_what_changed(api, world, clock):
    a = world["a"]
    extra = [factories.RoleFactory(initiative=a.public_initiative, seats=3) for _ in range(4)]
    age_everything()
    clock["now"] = timezone.now()
    first_page = api.get(f"{API}roles/?sync_token=start&page_size=2")
    rows = first_page.json()["results"]
    # Changes while the pull is under way: a claim on a row already read, and a row whose
    # transaction stamped it after the window's end but before the pull began and commits
    # only now (a late commit: invisible to the pull, so it must come in the next sync).
    volunteer = factories.ProfileFactory(weekly_capacity_hours=20).user
    claimed = Role.objects.get(pk=rows[0]["id"])
    roles_services.claim_role(role=claimed, volunteer=volunteer)
    late = extra[0]
    Role.objects.filter(pk=late.pk).update(updated_at=sync.settled_now() + dt.timedelta(seconds=1))
    url = first_page.json()["next"]
    while url:
        page = api.get(url).json()
        rows += page["results"]
        url = page["next"]
    token = first_page.json()["sync_token"]
    visible = set(Role.objects.open_data().values_list("pk", flat=True))
    assert {r["id"] for r in rows} >= visible - {claimed.pk, late.pk}
    assert len(rows) == len({r["id"] for r in rows})  # no row twice within one pull

    clock["now"] = timezone.now() + dt.timedelta(minutes=1)  # the settle time has passed
    again, next_token = pull(api, token)
    assert sorted(r["id"] for r in again) == sorted({claimed.pk, late.pk})
    assert next(r for r in again if r["id"] == claimed.pk)["seats_left"] == claimed.seats - 1

    clock["now"] += dt.timedelta(minutes=1)
    assert pull(api, next_token)[0] == []  # nothing changed: nothing repeated


def test_rows_stamped_inside_the_settle_time_wait_for_the_next_sync(api, world, clock):
    a = world["a"]
    age_everything()
    clock["now"] = timezone.now()
    _, token = pull(api, "start")
    fresh = factories.RoleFactory(initiative=a.public_initiative)  # stamped now
    assert fresh.pk not in {r["id"] for r in pull(api, token)[0]}
    clock["now"] += dt.timedelta(minutes=1)
    assert fresh.pk in {r["id"] for r in pull(api, token)[0]}


def test_a_key_syncs_its_private_rows_and_another_organization_never_sees_them(
        api, world, clock):
    a, b = world["a"], world["b"]
    clock["now"] = timezone.now() + dt.timedelta(minutes=1)
    mine = {r["id"] for r in pull(api, "start", a.keys["read"])[0]}
    theirs = {r["id"] for r in pull(api, "start", b.keys["read"])[0]}
    assert a.private_role.pk in mine and a.private_role.pk not in theirs
    assert b.private_role.pk in theirs and b.private_role.pk not in mine


@pytest.mark.parametrize("token", ["nonsense", "e30", "eyJzIjogIjIwMjYifQ", "%%%"])
def test_a_token_that_does_not_decode_is_a_400(api, world, token):
    response = api.get(f"{API}roles/", {"sync_token": token})
    assert response.status_code == 400 and "sync_token" in response.json()["message"]


def test_initiatives_sync_the_same_way(api, world, clock):
    a = world["a"]
    clock["now"] = timezone.now() + dt.timedelta(minutes=1)
    first = api.get(f"{API}initiatives/", {"sync_token": "start"})
    assert first.status_code == 200
    slugs = {r["slug"] for r in first.json()["results"]}
    assert a.public_initiative.slug in slugs and a.private_initiative.slug not in slugs
    clock["now"] += dt.timedelta(minutes=1)
    after = api.get(f"{API}initiatives/", {"sync_token": first.json()["sync_token"]})
    assert after.json()["results"] == []
