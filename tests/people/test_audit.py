"""The audit log: auth events are recorded; owners read only their organizations' events."""

import pytest
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator

from people.audit import audit_events_for, audit_record
from people.models import AuditEvent
from tests import factories
from tests.builders import verified

PASSWORD = "correct-horse-battery"


@pytest.fixture
def person(db):
    user = factories.UserFactory(email="nadia@example.org")
    verified(user)
    return user


def test_login_through_allauth_is_recorded_with_the_ip(client, person):
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    event = AuditEvent.objects.get(event_type="login")
    assert event.actor == person
    assert event.ip == "203.0.113.7"


def test_failed_login_is_recorded_against_the_account_without_the_typed_address(client, person):
    response = client.post("/accounts/login/", {"login": person.email, "password": "wrong-one"})
    assert response.status_code == 200  # the form says the password is wrong
    event = AuditEvent.objects.get(event_type="login_failed")
    assert event.actor == person
    assert event.details == {"known_account": True}
    assert "@" not in str(event.details)


def test_failed_login_for_an_unknown_address_stores_no_address(client, db):
    client.post("/accounts/login/", {"login": "stranger@example.org", "password": "whatever1"})
    event = AuditEvent.objects.get(event_type="login_failed")
    assert event.actor is None
    assert event.details == {"known_account": False}


def test_logout_is_recorded(client, person):
    client.force_login(person)
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(event_type="logout", actor=person).count() == 1


def test_mfa_added_and_removed_are_recorded(rf, person):
    authenticator = Authenticator(user=person, type=Authenticator.Type.TOTP)
    request = rf.get("/", REMOTE_ADDR="198.51.100.4")
    mfa_signals.authenticator_added.send(sender=Authenticator, request=request, user=person,
                                         authenticator=authenticator)
    mfa_signals.authenticator_removed.send(sender=Authenticator, request=request, user=person,
                                           authenticator=authenticator)
    kinds = list(AuditEvent.objects.filter(actor=person).order_by("id")
                 .values_list("event_type", "details"))
    assert kinds == [("mfa_added", {"kind": "totp"}), ("mfa_removed", {"kind": "totp"})]


def test_audit_record_refuses_personal_data_in_details(person):
    with pytest.raises(ValueError, match="not personal data"):
        audit_record(event_type="api_key_created", actor=person,
                     details={"by": "nadia@example.org"})
    with pytest.raises(ValueError, match="Unknown audit event type"):
        audit_record(event_type="coffee_made", actor=person)
    assert AuditEvent.objects.count() == 0


@pytest.fixture
def two_orgs(db):
    owner_a = factories.MembershipFactory(level="owner").user
    org_a = owner_a.memberships.get().organization
    owner_b = factories.MembershipFactory(level="owner").user
    org_b = owner_b.memberships.get().organization
    member_a = factories.MembershipFactory(organization=org_a).user
    audit_record(event_type="api_key_created", actor=owner_a, organization=org_a,
                 details={"api_key_id": 1})
    audit_record(event_type="membership_added", actor=owner_b, organization=org_b,
                 details={"membership_id": 2})
    audit_record(event_type="login", actor=member_a)
    audit_record(event_type="login", actor=owner_b)
    return owner_a, owner_b, member_a


def test_owner_reads_own_organizations_events_and_members_logins_only(
        two_orgs, django_assert_max_num_queries):
    owner_a, owner_b, member_a = two_orgs
    with django_assert_max_num_queries(2):
        events = list(audit_events_for(owner_a))
    seen = {(e.event_type, e.actor_id) for e in events}
    assert seen == {("api_key_created", owner_a.pk), ("login", member_a.pk)}
    b_seen = {(e.event_type, e.actor_id) for e in audit_events_for(owner_b)}
    assert b_seen == {("membership_added", owner_b.pk), ("login", owner_b.pk)}


def test_members_and_strangers_read_no_events(two_orgs):
    _, _, member_a = two_orgs
    assert audit_events_for(member_a).count() == 0
    assert audit_events_for(factories.UserFactory()).count() == 0


def test_superuser_reads_every_event(two_orgs):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    assert audit_events_for(admin).count() == 4
