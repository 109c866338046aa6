"""The stale reminder's signed "I'm still on it" link, and the expiry notice.

Required: the renewal link works once, expires, and cannot renew someone else's claim.
"""

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.utils import timezone

from crowddo.errors import LinkExpired, LinkInvalid
from roles import services, tasks
from roles.models import Claim, WaitlistEntry
from roles.services import rotation
from tests import factories
from tests.builders import idle_claim

pytestmark = pytest.mark.usefixtures("fresh_cache")  # rate limiters count in the cache


def reminded_claim(days_idle=11, stale_after_days=14, **role_kwargs):
    claim = idle_claim(days_idle, stale_after_days, **role_kwargs)
    assert services.claim_remind(claim=claim)
    claim.refresh_from_db()
    return claim


def link_from_the_reminder(claim, django_capture_on_commit_callbacks) -> str:
    Claim.objects.filter(pk=claim.pk).update(reminded_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_remind(claim=claim)
    body = mail.outbox[-1].body
    match = re.search(r"http://[^/]+(/claims/renew/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_the_reminder_carries_a_link_that_renews_once_without_login(
    client, db, django_capture_on_commit_callbacks
):
    claim = reminded_claim()
    path = link_from_the_reminder(claim, django_capture_on_commit_callbacks)
    page = client.get(path)  # a mail scanner's GET changes nothing
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    assert page.status_code == 200 and "still on it</button>" in page.content.decode()
    claim.refresh_from_db()
    assert claim.reminded_at is not None
    response = client.post(path)
    assert response.status_code == 200 and "stays yours" in response.content.decode()
    claim.refresh_from_db()
    assert claim.reminded_at is None
    assert timezone.now() - claim.last_activity_at < dt.timedelta(minutes=1)
    again = client.post(path)  # the link works once
    assert again.status_code == 410 and "used already" in again.content.decode()
    assert client.get(path).status_code == 410


def test_used_link_is_refused_by_the_service(db):
    claim = reminded_claim()
    token = rotation.renew_token(claim)
    rotation.claim_renew_from_link(token=token)
    with pytest.raises(LinkExpired, match="used already"):
        rotation.claim_renew_from_link(token=token)


def test_a_link_from_an_earlier_reminder_points_to_the_latest_one(db):
    # The holder logged work, went quiet again and got a new reminder: the old link must not
    # say the role "is renewed" when it is about to be freed.
    claim = reminded_claim()
    old_token = rotation.renew_token(claim)
    Claim.objects.filter(pk=claim.pk).update(reminded_at=timezone.now() + dt.timedelta(seconds=1))
    with pytest.raises(LinkExpired) as refused:
        rotation.claim_for_token(old_token)
    assert "is renewed" not in refused.value.message
    assert "latest reminder" in refused.value.message


def test_link_expires_after_the_max_age(db, settings):
    settings.RENEW_LINK_MAX_AGE_DAYS = 2
    claim = reminded_claim()
    token = rotation.renew_token(claim)
    later = timezone.now() + dt.timedelta(days=3)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(signing.time, "time", lambda: later.timestamp())
        with pytest.raises(LinkExpired, match="expired"):
            rotation.claim_renew_from_link(token=token)
    claim.refresh_from_db()
    assert claim.reminded_at is not None


def test_link_expires_when_the_claim_would_expire(client, db):
    claim = reminded_claim(days_idle=11)
    token = rotation.renew_token(claim)
    Claim.objects.filter(pk=claim.pk).update(  # idle past stale_after_days, sweep not run yet
        last_activity_at=timezone.now() - dt.timedelta(days=15))
    response = client.post(f"/claims/renew/{token}/")
    assert response.status_code == 410 and "claim the role again" in response.content.decode()
    claim.refresh_from_db()
    assert claim.reminded_at is not None


def test_link_of_an_expired_claim_says_how_to_claim_again(client, db):
    claim = reminded_claim()
    token = rotation.renew_token(claim)
    services.claim_expire(claim=claim)
    response = client.get(f"/claims/renew/{token}/")
    assert response.status_code == 410 and "claim the role again" in response.content.decode()


def test_link_cannot_renew_someone_else_s_claim(client, db):
    mine = reminded_claim()
    theirs = reminded_claim()
    # A validly signed link naming their claim but issued to me (only the server can sign).
    forged = signing.dumps({"c": theirs.pk, "v": mine.volunteer_id,
                            "r": theirs.reminded_at.isoformat()},
                           salt=rotation.RENEW_SALT, compress=True)
    with pytest.raises(LinkInvalid):
        rotation.claim_renew_from_link(token=forged)
    response = client.post(f"/claims/renew/{forged}/")
    assert response.status_code == 400 and "does not match" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.reminded_at is not None


def test_tampered_or_foreign_salt_token_is_a_400_page(client, db):
    mine = reminded_claim()
    theirs = reminded_claim()
    token = rotation.renew_token(mine)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    other_salt = signing.dumps({"c": theirs.pk, "v": theirs.volunteer_id,
                                "r": theirs.reminded_at.isoformat()}, compress=True)
    for bad in (tampered, other_salt, "not-a-token"):
        response = client.post(f"/claims/renew/{bad}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    for claim in (mine, theirs):
        claim.refresh_from_db()
        assert claim.reminded_at is not None


def test_link_of_a_second_organization_s_private_role_renews_only_its_own_claim(client, db):
    """The link needs no login, so another organization's member learns nothing from it."""
    private = factories.RoleFactory(initiative__is_public=False, stale_after_days=14)
    member = factories.MembershipFactory(organization=private.organization).user
    factories.ProfileFactory(user=member)
    claim = services.claim_role(role=private, volunteer=member)
    Claim.objects.filter(pk=claim.pk).update(last_activity_at=timezone.now()
                                             - dt.timedelta(days=11))
    services.claim_remind(claim=claim)
    outsider = factories.MembershipFactory(organization=factories.OrganizationFactory()).user
    client.force_login(outsider)
    forged = signing.dumps({"c": claim.pk, "v": outsider.pk, "r": "x"},
                           salt=rotation.RENEW_SALT, compress=True)
    response = client.get(f"/claims/renew/{forged}/")
    assert response.status_code == 400 and private.title not in response.content.decode()


def test_renew_link_posts_are_rate_limited(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "renew_link": "2/h/ip"}
    codes = [client.post("/claims/renew/not-a-token/").status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_expiry_e_mails_what_happened_and_how_to_claim_again(
    db, django_capture_on_commit_callbacks
):
    claim = reminded_claim(days_idle=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.claims_sweep_stale()["expired"] == 1
    assert [m.to for m in mail.outbox] == [[claim.volunteer.email]]
    body = mail.outbox[0].body
    assert "no contribution was logged for 14 days" in body
    assert "The seat is open right now." in body
    assert f"/roles/{claim.role.pk}/" in body


def test_expiry_notice_says_the_seat_went_to_the_next_person(
    db, django_capture_on_commit_callbacks
):
    claim = reminded_claim(days_idle=15)
    waiter = factories.ProfileFactory().user
    services.waitlist_join(role=claim.role, volunteer=waiter)
    with django_capture_on_commit_callbacks(execute=True):
        services.claims_sweep_stale()
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED
    notice = next(m for m in mail.outbox if m.to == [claim.volunteer.email])
    assert "offered to the next person" in notice.body


def test_expiry_notice_task_is_idempotent_on_state(db):
    claim = reminded_claim()
    assert tasks.send_expiry_notice(claim.pk) is False  # still active: nothing to tell
    assert mail.outbox == []
