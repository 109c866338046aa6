"""Security-relevant writes leave an audit trail that only the organization's owners read."""

import pytest

from people import services
from people.audit import audit_events_for
from people.models import AuditEvent
from tests import factories


@pytest.fixture
def owner(db):
    return factories.MembershipFactory(level="owner").user


def test_api_key_creation_and_revocation_are_audited(owner):
    org = owner.memberships.get().organization
    key, _ = services.api_key_create(organization=org, name="Funder", created_by=owner)
    services.api_key_revoke(key=key, actor=owner)
    events = list(AuditEvent.objects.filter(organization=org).values_list("event_type", "details"))
    assert ("api_key_created", {"api_key_id": key.pk, "prefix": key.prefix, "can_write": False}) \
        in events
    assert ("api_key_revoked", {"api_key_id": key.pk}) in events


def test_membership_changes_are_audited_without_personal_data(owner):
    org = owner.memberships.get().organization
    invitation = services.membership_invite(organization=org, email="new@example.org",
                                            level="member", actor=owner)
    membership = services.invitation_accept(token=invitation.token, user=invitation.user)
    services.membership_change(membership=membership, level="orchestrator", actor=owner)
    services.membership_remove(membership=membership, actor=owner)
    types = list(AuditEvent.objects.filter(organization=org).order_by("id")
                 .values_list("event_type", flat=True))
    assert types == ["membership_invited", "invitation_accepted", "membership_changed",
                     "membership_removed"]
    changed = AuditEvent.objects.get(organization=org, event_type="membership_changed")
    assert changed.details == {"user_id": membership.user_id, "level": "orchestrator",
                               "previous_level": "member"}
    assert not any("@" in str(e.details) for e in AuditEvent.objects.all())


def test_another_organizations_owner_reads_none_of_these_events(owner):
    org = owner.memberships.get().organization
    services.api_key_create(organization=org, name="Funder", created_by=owner)
    outsider = factories.MembershipFactory(level="owner").user
    assert audit_events_for(owner).filter(organization=org).count() == 1
    assert not audit_events_for(outsider).filter(organization=org).exists()


def test_audit_admin_lists_own_events_only(client, owner):
    org = owner.memberships.get().organization
    services.api_key_create(organization=org, name="Ours", created_by=owner)
    outsider = factories.MembershipFactory(level="owner").user
    other_org = outsider.memberships.get().organization
    theirs, _ = services.api_key_create(organization=other_org, name="Theirs",
                                        created_by=outsider)
    client.force_login(owner)
    response = client.get("/admin/people/auditevent/")
    assert response.status_code == 200
    listed = set(response.context["cl"].queryset.values_list("organization", flat=True))
    assert org.pk in listed and other_org.pk not in listed  # None: the owner's own login
    foreign = AuditEvent.objects.get(organization=other_org)
    assert client.get(f"/admin/people/auditevent/{foreign.pk}/change/").status_code in (403, 404)
