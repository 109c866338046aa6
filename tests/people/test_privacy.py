"""Download my data, delete my account: nothing identifying remains, the work stays counted."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import connection
from django.utils import timezone

from crowddo.errors import NotAllowed
from dashboards import services as dashboards
from dashboards.models import InitiativeProgress
from people.audit import audit_record
from people.models import AuditEvent, Membership, User, VolunteerProfile
from people.privacy import privacy_delete, privacy_export
from roles import services
from roles.models import Claim, Contribution
from tests import factories
from tests.builders import verified

EMAIL = "zainab.q.unique@example.org"
NAME = "Zainab Quarshie"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def client(client):
    """A browser that chose English: the person's stored Hindi (checked in the export) would
    otherwise be the site's language in it (people.middleware.StoredLanguageMiddleware)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def person(db):
    user = factories.UserFactory(email=EMAIL, display_name=NAME, show_in_reports=True,
                                 language="hi")
    verified(user)
    factories.ProfileFactory(user=user, weekly_capacity_hours=10)
    VolunteerProfile.objects.filter(user=user).update(bio=f"I am {NAME}, write to {EMAIL}")
    Authenticator.objects.create(user=user, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def work(person):
    """One completed claim with two contributions, one active claim, a peer, a membership."""
    today = timezone.localdate()
    done_role = factories.RoleFactory(seats=2, hours_per_week=2)
    factories.MembershipFactory(user=person, organization=done_role.organization)
    done = services.claim_role(role=done_role, volunteer=person)
    Claim.objects.filter(pk=done.pk).update(claimed_at=timezone.now() - dt.timedelta(days=5))
    for hours, count in ((Decimal("1.5"), 3), (Decimal("2.25"), 4)):
        services.contribution_log(claim=done, volunteer=person, date=today, hours=hours,
                                  micro_improvements=count, note=f"{NAME} fixed it")
    services.claim_complete(claim=done, volunteer=person, handoff_note=f"Call {NAME}")
    peer = factories.ProfileFactory(weekly_capacity_hours=10).user
    services.claim_role(role=done_role, volunteer=peer)
    active_role = factories.RoleFactory(seats=1, hours_per_week=3)
    active = services.claim_role(role=active_role, volunteer=person)
    audit_record(event_type="login", actor=person)
    return {"done": done, "active": active, "peer": peer,
            "initiatives": [done_role.initiative_id, active_role.initiative_id]}


def _text_columns():
    """(table, column) of every text-like column of every table in the database."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND data_type IN ('character varying', 'text', 'jsonb', 'json', 'character')
        """)
        return cursor.fetchall()


def _tables_containing(needle: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def _progress(initiative_id):
    dashboards.rollup_initiative(initiative_id=initiative_id)
    p = InitiativeProgress.objects.get(initiative_id=initiative_id)
    return {f: getattr(p, f) for f in ("contributions", "hours", "micro_improvements",
                                       "completed_claims", "verified_claims", "volunteers",
                                       "active_claims")}


@pytest.mark.postgres
def test_after_deletion_the_email_and_name_appear_nowhere_in_the_database(client, person, work):
    client.force_login(person)  # a live session holds the user id
    assert _tables_containing(EMAIL), "the scan must find the address before deletion"
    assert _tables_containing(NAME)

    privacy_delete(user=person)

    assert _tables_containing(EMAIL) == []
    assert _tables_containing(NAME) == []
    assert _tables_containing("zainab") == []


@pytest.mark.postgres
def test_deletion_releases_claims_and_keeps_contributions_counted(person, work):
    done_initiative, active_initiative = work["initiatives"]
    before = _progress(done_initiative)

    privacy_delete(user=person)

    assert _progress(done_initiative) == before  # same hours, counts, and distinct volunteers
    assert Claim.objects.get(pk=work["active"].pk).status == "released"
    assert _progress(active_initiative)["active_claims"] == 0
    contributions = Contribution.objects.filter(claim=work["done"])
    assert contributions.count() == 2
    assert sum(c.hours for c in contributions) == Decimal("3.75")
    assert {c.note for c in contributions} == {""}


@pytest.mark.postgres
def test_deleted_account_cannot_log_in_and_keeps_no_credentials(client, person, work):
    privacy_delete(user=person)

    tombstone = User.objects.get(pk=person.pk)
    assert not tombstone.is_active and not tombstone.has_usable_password()
    assert tombstone.display_name == "" and not tombstone.show_in_reports
    assert tombstone.language == ""
    assert not EmailAddress.objects.filter(user=tombstone).exists()
    assert not Authenticator.objects.filter(user=tombstone).exists()
    assert not VolunteerProfile.objects.filter(user=tombstone).exists()
    assert not Membership.objects.filter(user=tombstone).exists()
    assert not AuditEvent.objects.filter(actor=tombstone, ip__isnull=False).exists()
    response = client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_deleting_twice_changes_nothing(person, work):
    privacy_delete(user=person)
    email_after_first = User.objects.get(pk=person.pk).email
    privacy_delete(user=person)
    assert User.objects.get(pk=person.pk).email == email_after_first
    assert AuditEvent.objects.filter(event_type="account_deleted").count() == 1


def test_the_only_owner_must_hand_over_first_and_nothing_changes(person):
    org = factories.OrganizationFactory(name="Solo Trust")
    factories.MembershipFactory(user=person, organization=org, level="owner")
    active = services.claim_role(role=factories.RoleFactory(), volunteer=person)

    with pytest.raises(NotAllowed, match="only owner of Solo Trust"):
        privacy_delete(user=person)

    assert User.objects.get(pk=person.pk).email == EMAIL
    assert Claim.objects.get(pk=active.pk).status == "active"  # no partial write


def test_export_holds_everything_about_me_and_nothing_secret(person, work,
                                                             django_assert_max_num_queries):
    # A fixed number of queries whatever the rows: 16, governance's two story lists,
    # roles' "said about my work" and initiative proposals.
    with django_assert_max_num_queries(20):
        data = privacy_export(person)
    assert data["account"]["email"] == EMAIL and data["account"]["language"] == "hi"
    assert data["account"]["second_factors"] == [
        {"kind": "totp", "created_at": data["account"]["second_factors"][0]["created_at"]}]
    assert "JBSWY3DPEHPK3PXP" not in json.dumps(data)
    assert data["profile"]["weekly_capacity_hours"] == 10
    assert len(data["claims"]) == 2
    assert sorted(c["hours"] for c in data["contributions"]) == ["1.50", "2.25"]
    assert len(data["memberships"]) == 1
    assert {e["event"] for e in data["security_events"]} == {"login", "data_exported"}
    peer_export = privacy_export(work["peer"])
    assert EMAIL not in json.dumps(peer_export) and NAME not in json.dumps(peer_export)


def test_export_page_and_download(client, person, work):
    client.force_login(person)
    page = client.get("/me/data/")
    assert page.status_code == 200
    assert "Download my data" in page.content.decode()
    download = client.post("/me/data/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert "attachment" in download["Content-Disposition"]
    assert json.loads(download.content)["account"]["email"] == EMAIL
    assert client.get("/me/data/?format=json").json()["account"]["email"] == EMAIL


def test_privacy_pages_need_a_login(client, db):
    for path in ("/me/data/", "/me/delete/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.post("/me/data/").status_code == 302


def test_delete_page_refuses_a_wrong_password_and_deletes_nothing(client, person, work):
    client.force_login(person)
    response = client.post("/me/delete/", {"password": "not-mine-at-all", "confirm": "on"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    assert User.objects.get(pk=person.pk).email == EMAIL


def test_delete_page_needs_the_confirmation_box(client, person):
    client.force_login(person)
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.get(pk=person.pk).is_active


def test_delete_page_shows_the_last_owner_rule_as_a_form_error(client, person):
    factories.MembershipFactory(user=person, level="owner")
    client.force_login(person)
    response = client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "only owner" in response.content.decode()


def test_delete_page_deletes_logs_out_and_says_so(client, person, work):
    client.force_login(person)
    assert client.get("/me/delete/").status_code == 200
    response = client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Your account is deleted" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.get(pk=person.pk).is_active


def test_a_person_can_only_export_and_delete_their_own_account(client, person, work):
    other = factories.UserFactory()
    client.force_login(other)
    data = client.post("/me/data/").json()
    assert data["account"]["email"] == other.email
    assert data["claims"] == []
    client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert User.objects.get(pk=person.pk).email == EMAIL
    assert not User.objects.get(pk=other.pk).is_active
