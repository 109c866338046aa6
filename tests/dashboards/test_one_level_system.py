"""One level system: the named levels of `roles.levels.LEVELS`, earned from
verified work only, are what /me/, the volunteers' roll-up row, the level-up milestones (and
their e-mails) and the API show — after either roll-up path."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from dashboards import services
from dashboards.models import Milestone, VolunteerTotal
from dashboards.services.sql import level_number as level_sql
from roles import levels
from roles import services as role_services
from roles.models import Capability
from roles.selectors import journey
from tests import builders, factories

PATHS = ["incremental", "full"]


def _rollup(path, initiatives):
    if path == "incremental":
        for ini in initiatives:
            services.refresh_initiative(initiative_id=ini.pk)
    else:
        services.rollup_everything()


def _log(claim, volunteer, n=1):
    return role_services.contribution_log(claim=claim, volunteer=volunteer,
                                          date=timezone.localdate(), hours=Decimal(1),
                                          micro_improvements=n)


@pytest.fixture
def world(db):
    """Ann: three roles completed and verified by an orchestrator, in two capabilities (a
    Steward). Bob: lots of work nobody verified yet (two completed roles, five submitted
    contributions): no level."""
    org = factories.OrganizationFactory()
    ini = factories.InitiativeFactory(organization=org)
    boss = builders.staff(org)
    ann, bob = builders.person(40), builders.person(40)
    for cap in (Capability.SENSEMAKING, Capability.RELATING, Capability.RELATING):
        role = factories.RoleFactory(initiative=ini, capability=cap, hours_per_week=1)
        builders.work(role, ann, [(1, 1, None)], final="verified", verifier=boss)
    for cap in (Capability.VISIONING, Capability.INVENTING):
        role = factories.RoleFactory(initiative=ini, capability=cap, hours_per_week=1)
        claim = builders.work(role, bob, [(1, 1, None)], final="completed")
        for _ in range(2):
            _log(claim, bob)
    key, raw = builders.api_key(org)
    return {"org": org, "ini": ini, "boss": boss, "ann": ann, "bob": bob, "raw": raw}


def _everywhere(client, api, world, user) -> dict:
    """The user's level as each place shows it."""
    client.force_login(user)
    page = client.get("/me/?tab=numbers").content.decode()  # the journey is under My numbers
    mine = re.search(r"<strong>([^<]+)</strong> — your level", page)
    tops = Milestone.objects.filter(volunteer=user, kind=Milestone.Kind.LEVEL_UP)
    top = max(tops, key=lambda m: m.level, default=None)
    rows = api.get("/api/v1/claims/", **builders.bearer(world["raw"])).json()["results"]
    api_levels = {r["volunteer_level"]["name"] for r in rows if r["volunteer"]["id"] == user.pk}
    return {"me": mine.group(1) if mine else None,
            "journey": journey(user).level,
            "stored": VolunteerTotal.objects.get(user=user).level,
            "milestone": top.describe() if top else None,
            "api": api_levels}


@pytest.mark.parametrize("path", PATHS)
def test_the_same_person_shows_the_same_level_on_me_in_milestones_and_in_the_api(
        client, api, world, path):
    _rollup(path, [world["ini"]])
    ann = world["ann"]
    assert _everywhere(client, api, world, ann) == {
        "me": "Steward", "journey": "steward", "stored": 3,
        "milestone": f"{ann.public_name} reached the level Steward", "api": {"Steward"}}
    # every level on the way is recorded once, lowest first
    assert sorted(Milestone.objects.filter(volunteer=ann).values_list("level", flat=True)) \
        == [1, 2, 3]


@pytest.mark.parametrize("path", PATHS)
def test_work_nobody_verified_earns_no_level_anywhere(client, api, world, path):
    _rollup(path, [world["ini"]])
    bob = world["bob"]
    assert _everywhere(client, api, world, bob) == {
        "me": None, "journey": None, "stored": 0, "milestone": None, "api": {None}}

    # one contribution verified by a peer: a Contributor, everywhere alike
    first = bob.claims.first().contributions.first()
    role_services.contribution_verify(contribution=first, verifier=world["boss"])
    _rollup(path, [world["ini"]])
    assert _everywhere(client, api, world, bob) == {
        "me": "Contributor", "journey": "contributor", "stored": 1,
        "milestone": f"{bob.public_name} reached the level Contributor",
        "api": {"Contributor"}}


def test_the_level_up_email_names_the_level(world, mailoutbox):
    services.refresh_initiative(initiative_id=world["ini"].pk)
    top = Milestone.objects.get(volunteer=world["ann"], level=3)
    assert services.milestone_announce(milestone_id=top.pk)
    assert "reached the level Steward" in mailoutbox[0].subject


@pytest.mark.django_db
def test_the_sql_level_equals_the_python_rule_on_every_standing():
    grid = [levels.Standing(r, c, k, i) for r in (0, 1, 3, 5) for c in (0, 1, 2)
            for k in (0, 2, 4) for i in (0, 1, 2)]
    values = ", ".join(f"({s.verified_roles}, {s.verified_contributions}, {s.capabilities},"
                       f" {s.initiatives})" for s in grid)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {level_sql('r', 'c', 'k', 'i')} FROM (VALUES {values})"  # noqa: S608
                       " AS t(r, c, k, i)")
        got = [row[0] for row in cursor.fetchall()]
    assert got == [levels.level_number(s) for s in grid]
    assert set(got) == {0, 1, 2, 3, 4}  # the grid reaches every level
