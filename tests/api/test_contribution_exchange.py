"""The contribution API shows status and the exchange (verdicts, resubmissions) to the
organization's own key only; the list costs the same queries however long the exchanges."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Membership
from roles import services
from roles.services import feedback
from tests import factories
from tests.builders import API, bearer, build_tenant

URL = f"{API}contributions/"


def _exchange(t, comment):
    boss = factories.MembershipFactory(organization=t.org,
                                       level=Membership.Level.ORCHESTRATOR).user
    feedback.contribution_send_back(contribution=t.contribution, verifier=boss, comment=comment)
    feedback.contribution_resubmit(contribution=t.contribution, volunteer=t.volunteer, hours=1,
                                   micro_improvements=3, note=f"{t.marker} answer")
    return boss


def test_own_key_sees_status_and_the_exchange(api, db):
    a = build_tenant("a")
    _exchange(a, f"{a.marker} comment")
    body = api.get(f"{URL}{a.contribution.pk}/", **bearer(a.keys["read"])).json()
    assert body["status"] == "resubmitted"
    assert [v["outcome"] for v in body["verifications"]] == ["sent_back"]
    assert body["verifications"][0]["comment"] == f"{a.marker} comment"
    assert body["verifications"][0]["by_past_holder"] is False
    assert "email" not in body["verifications"][0]["verifier"]
    assert body["resubmissions"][0]["note"] == f"{a.marker} answer"
    assert body["resubmissions"][0]["hours_before"] == 2.0


def test_another_organizations_key_never_sees_the_exchange(api, db):
    a, b = build_tenant("a"), build_tenant("b")
    _exchange(a, f"{a.marker} comment")
    assert api.get(f"{URL}{a.contribution.pk}/", **bearer(b.keys["read"])).status_code == 404
    listing = api.get(URL, **bearer(b.keys["read"]))
    assert listing.status_code == 200 and a.marker not in listing.content.decode()
    assert api.get(URL).status_code in (401, 403)


def test_updated_since_finds_a_send_back(api, db):
    a = build_tenant("a")
    since = timezone.now().isoformat()
    _exchange(a, "Which school?")
    rows = api.get(URL, {"updated_since": since}, **bearer(a.keys["read"])).json()["results"]
    assert [r["id"] for r in rows] == [a.contribution.pk]


@pytest.mark.parametrize("page_size", [50])
def test_list_queries_do_not_grow_with_exchanges(api, db, page_size):
    a = build_tenant("a")
    raw = a.keys["read"]
    api.get(URL, **bearer(raw))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(URL, {"page_size": page_size}, **bearer(raw)).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    boss = _exchange(a, "Why?")
    for _ in range(5):
        c = services.contribution_log(claim=a.claim, volunteer=a.volunteer,
                                      date=timezone.localdate(), hours=1)
        feedback.contribution_send_back(contribution=c, verifier=boss, comment="Why?")
    assert count() == before
