"""Orchestrators message the people of their roles (or initiatives): the holders or the
waitlist. The e-mails go through Celery, each with the opt-out link; people who opted out
(`User.wants_messages`) are left out. Recorded in the audit log, without the text."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import Invalid
from people import access
from people.audit import audit_record
from people.models import AuditEvent, User
from roles.models import Claim, Role, WaitlistEntry
from roles.services.common import check_note, reject_nul
from roles.signals import people_messaged

HOLDERS, WAITLIST = "holders", "waitlist"
SUBJECT_MAX = 150


def recipients(roles: QuerySet[Role], audience: str) -> QuerySet[User]:
    """The current holders (active claims, apprentices too) or the people waiting, who still
    want such e-mails."""
    if audience == HOLDERS:
        ids = Claim.objects.filter(role__in=roles, status=Claim.Status.ACTIVE) \
            .values("volunteer_id")
    elif audience == WAITLIST:
        ids = WaitlistEntry.objects.filter(role__in=roles, status__in=WaitlistEntry.OPEN) \
            .values("volunteer_id")
    else:
        raise Invalid(gettext("Choose the holders or the waitlist."))
    return User.objects.filter(pk__in=ids, is_active=True, wants_messages=True)


@transaction.atomic
def people_message(*, roles: QuerySet[Role], audience: str, subject: str, body: str,
                   actor) -> int:
    """Queue one e-mail per recipient; returns how many. Every role must be the actor's."""
    subject, body = (subject or "").strip(), (body or "").strip()
    reject_nul(subject)
    if not subject or not body:
        raise Invalid(gettext("Write a subject and a message."))
    if len(subject) > SUBJECT_MAX or "\n" in subject:
        raise Invalid(gettext("The subject is one line of at most %(n)s characters.")
                      % {"n": SUBJECT_MAX})
    check_note(body, gettext_noop("The message"))
    org_ids = set(roles.values_list("organization_id", flat=True))
    if not org_ids:
        raise Invalid(gettext("Choose at least one role."))
    for org_id in org_ids:
        access.require_manager(actor, org_id)
    total = 0
    for org_id in sorted(org_ids):
        people = list(recipients(roles.filter(organization_id=org_id), audience)
                      .values_list("pk", flat=True))
        if people:
            people_messaged.send(sender=Role, user_ids=people, subject=subject, body=body,
                                 organization_id=org_id)
        audit_record(event_type=AuditEvent.Type.PEOPLE_MESSAGED, actor=actor,
                     organization=org_id, details={"audience": audience,
                                                   "recipients": len(people)})
        total += len(people)
    return total

