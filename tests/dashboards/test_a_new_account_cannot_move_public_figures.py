"""As a new user would act in the browser: a day-old account claims a role of a
public collective initiative and reports absurd figures; after the roll-up no public page, CSV
or API figure moved (refused, or waiting for a peer). Its ordinary report is stored and shown
"awaiting a peer"; it sees no one's work in its queue and cannot verify a stranger's work
through any URL or API endpoint. A qualified peer can, and then the public figure rises by
exactly that contribution."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services as rollups
from roles import services
from roles.models import Claim, Contribution
from tests import builders, factories

TODAY = timezone.localdate


@pytest.fixture
def world(db):
    collective, (org, _other) = builders.collective_with(orgs=2)
    collective.goal_target = 100_000
    collective.save()
    ini = factories.InitiativeFactory(organization=org, collective=collective, is_public=True,
                                      goal_target=100_000)
    role = factories.RoleFactory(initiative=ini, seats=10, hours_per_week=1)
    children = factories.IndicatorFactory(
        collective=collective, slug="children", name="Children in improved classrooms",
        unit="children", max_per_report=Decimal(2000))
    veteran = builders.qualified_peer(ini, role=role)  # standing: verified work of their own
    stranger = factories.ProfileFactory(weekly_capacity_hours=10).user
    strangers_work = services.contribution_log(
        claim=services.claim_role(role=role, volunteer=stranger), volunteer=stranger,
        date=TODAY(), hours=2, micro_improvements=4)
    newcomer = factories.ProfileFactory(weekly_capacity_hours=10).user
    newcomer.date_joined = timezone.now() - dt.timedelta(days=1)
    newcomer.save(update_fields=["date_joined"])
    rollups.rollup_everything()
    return {"collective": collective, "ini": ini, "role": role, "children": children,
            "veteran": veteran, "newcomer": newcomer, "strangers_work": strangers_work}


def public_figures(client, w) -> dict:
    """What anyone reads: the API figures, the CSVs and the pages' text."""
    slug, ini = w["collective"].slug, w["ini"].slug
    out = {}
    for url in (f"/api/v1/stats/collectives/{slug}/", f"/api/v1/stats/initiatives/{ini}/",
                f"/api/v1/collectives/{slug}/indicators/"):
        body = client.get(url).json()
        out[url] = json.dumps(body, sort_keys=True, default=str)
    for name in ("progress", "regions", "organizations"):
        url = f"/collectives/{slug}/charts/{name}.csv"
        out[url] = client.get(url).content.decode()
    return out


# computed_at changes with every roll-up; awaiting_* is meant to change; holding a role (the
# role-based figures: claims, volunteers, seats) is not work and may move — and changed_at
# with them (it moves whenever any figure of the row does).
VOLATILE = ("computed_at", "changed_at", "awaiting_contributions", "awaiting_micro_improvements",
            "awaiting_value", "awaiting_reports",
            "active_claims", "volunteers", "roles_open", "roles_filled")


def _strip_volatile(figures: dict) -> dict:
    out = {}
    for url, text in figures.items():
        if url.startswith("/api/"):
            data = json.loads(text)
            for key in VOLATILE:
                data.pop(key, None)
            for row in data.get("results", []) if isinstance(data, dict) else []:
                for key in VOLATILE:
                    row.pop(key, None)
                for region in row.get("by_region", []):
                    for key in VOLATILE:
                        region.pop(key, None)
            text = json.dumps(data, sort_keys=True)
        out[url] = text
    return out


def _log(client, claim, **fields):
    data = {"date": TODAY().isoformat(), "hours": "1", "micro_improvements": "0", **fields}
    return client.post(f"/me/claims/{claim.pk}/log/", data)


def test_a_day_old_account_cannot_move_a_public_figure(client, world):
    anonymous = public_figures(client, world)
    client.force_login(world["newcomer"])
    assert client.post(f"/roles/{world['role'].pk}/claim/").status_code == 302
    claim = Claim.objects.get(volunteer=world["newcomer"])

    refused = _log(client, claim, micro_improvements="9999")
    assert refused.status_code == 200
    assert "at most 500 micro-improvements" in refused.content.decode()
    refused = _log(client, claim, micro_improvements="3", indicator_children="1000000000")
    assert "takes at most 2,000 children in one report" in refused.content.decode()
    assert not Contribution.objects.filter(claim=claim).exists()  # nothing half-written

    assert _log(client, claim, micro_improvements="3", indicator_children="2").status_code == 302
    mine = Contribution.objects.get(claim=claim)
    assert (mine.status, mine.micro_improvements) == (Contribution.Status.SUBMITTED, 3)

    rollups.refresh_initiative(initiative_id=world["ini"].pk)
    rollups.rollup_everything()
    client.logout()
    assert _strip_volatile(public_figures(client, world)) == _strip_volatile(anonymous)
    page = client.get(f"/collectives/{world['collective'].slug}/").content.decode()
    assert "Reported, awaiting a peer: 7 (in 2 contributions)" in page  # 3 + the stranger's 4
    stats = client.get(f"/api/v1/stats/collectives/{world['collective'].slug}/").json()
    assert (stats["micro_improvements"], stats["awaiting_micro_improvements"]) == (0, 7)
    [children] = client.get(f"/api/v1/collectives/{world['collective'].slug}/indicators/"
                            ).json()["results"]
    assert (children["value"], children["awaiting_value"]) == (0, 2)  # beside, not added in


def test_a_new_account_has_an_empty_queue_and_cannot_verify_a_stranger(client, world):
    newcomer, work = world["newcomer"], world["strangers_work"]
    services.claim_role(role=world["role"], volunteer=newcomer)
    client.force_login(newcomer)
    assert "No requests right now." in client.get("/me/?tab=verify").content.decode()
    for url in (f"/me/verify/contributions/{work.pk}/",
                f"/me/verify/contributions/{work.pk}/send-back/"):
        assert client.get(url).status_code == 404
        assert client.post(url, {"comment": "Looks fine."}).status_code == 404
    for method in (client.post, client.put, client.patch):
        answer = method(f"/api/v1/contributions/{work.pk}/", {"status": "verified"},
                        content_type="application/json")
        assert answer.status_code in (401, 403, 404, 405)
    work.refresh_from_db()
    assert work.status == Contribution.Status.SUBMITTED


def test_a_qualified_peer_verifies_and_the_figure_rises_by_exactly_that_work(client, world):
    slug, work = world["collective"].slug, world["strangers_work"]
    before = client.get(f"/api/v1/stats/collectives/{slug}/").json()
    client.force_login(world["veteran"])
    assert f"/me/verify/contributions/{work.pk}/" in client.get("/me/?tab=verify").content.decode()
    assert client.post(f"/me/verify/contributions/{work.pk}/").status_code == 302
    work.refresh_from_db()
    assert work.status == Contribution.Status.VERIFIED
    rollups.refresh_initiative(initiative_id=world["ini"].pk)
    client.logout()
    after = client.get(f"/api/v1/stats/collectives/{slug}/").json()
    assert after["micro_improvements"] == before["micro_improvements"] + 4
    assert after["contributions"] == before["contributions"] + 1
    assert Decimal(after["hours"]) == Decimal(before["hours"]) + 2
    assert after["awaiting_micro_improvements"] == before["awaiting_micro_improvements"] - 4
