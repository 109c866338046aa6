"""The security audit log: one function to record, one to read.

Others call `audit_record` from their services (API keys, memberships); the
receivers in `people/receivers/audit.py` record logins, failed logins, logouts and MFA
changes. `audit_events_for(user)` is what an owner may read: events of the
organizations they own, plus the account events (logins, MFA) of their members from the moment
each membership began — never from before. A membership begins when the person accepts the
invitation (`people.services.invitation_accept` creates it then), so an owner learns nothing
of a person who has not agreed to join, and nothing of what they did before.
"""

from __future__ import annotations

from allauth.core.internal.httpkit import get_client_ip
from django.db.models import Exists, OuterRef, Q, QuerySet

from people import access
from people.models import AuditEvent, Membership, Organization, User

Type = AuditEvent.Type

# Details are ids, codes and numbers only: never an e-mail address, a name or a secret.
ALLOWED_DETAIL_TYPES = (int, float, bool, type(None), str)


def client_ip(request) -> str | None:
    """The client's address as allauth sees it (honours ALLAUTH_TRUSTED_PROXY_COUNT)."""
    if request is None:
        return None
    try:
        return get_client_ip(request)
    except Exception:  # a misconfigured proxy count must not stop a login from being logged
        return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *, event_type: str, actor: User | None = None, organization: Organization | int | None = None,
    request=None, details: dict | None = None,
) -> AuditEvent:
    """Record one event. Call it inside the service's transaction, after the change.

    `organization` is the tenant the event belongs to (None for account-wide events
    such as logins); `request` gives the IP address; `details` holds ids and codes.
    """
    if event_type not in Type.values:
        raise ValueError(f"Unknown audit event type {event_type!r}.")
    details = dict(details or {})
    for key, value in details.items():
        if not isinstance(value, ALLOWED_DETAIL_TYPES) or "@" in str(value):
            raise ValueError(f"Audit detail {key!r} must be an id or a code, not personal data.")
    # `actor` is who acted or, for a failed login, the account that was targeted.
    org_id = organization.pk if isinstance(organization, Organization) else organization
    actor = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        event_type=event_type, actor=actor, organization_id=org_id,
        ip=client_ip(request), details=details,
    )


def audit_events_for(user) -> QuerySet[AuditEvent]:
    """Events an owner may read; everybody else gets none. Superusers read all."""
    events = AuditEvent.objects.select_related("actor", "organization")
    if access.is_superuser(user):
        return events
    owned = access.owned_org_ids(user)
    if not owned:
        return events.none()
    member_then = Membership.objects.filter(
        user_id=OuterRef("actor_id"), organization_id__in=owned,
        created_at__lte=OuterRef("created_at"),
    )
    return events.filter(
        Q(organization_id__in=owned) | Q(organization__isnull=True) & Exists(member_then)
    )
