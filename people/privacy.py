"""A person's own data: download all of it, or delete the account.

Each feature app registers what it holds about a person (`register`, from its
AppConfig.ready()); this module runs the parts and handles the account itself.

Deletion design — anonymise the User row in place (a tombstone per person):
claims, contributions and verifications keep pointing at the same row, so every
roll-up that counts them (including "distinct volunteers") stays exactly as it
was, and no foreign key, PROTECT rule or history row has to be rewritten. What
made the row a person is removed: the e-mail address (replaced by a random
`deleted-…@deleted.invalid`), display name, password, login times, profile,
memberships, e-mail addresses, MFA authenticators, sessions, IP addresses in the
audit log, and every free text the person wrote: each app declares those fields
(`Written`: model, the lookup to its author, the fields) and this module blanks
them in the live rows and in their django-simple-history copies, after the app's
own `erase` ran (which may write history rows of its own, e.g. releasing a claim).
A field that may be blank becomes ""; one that may not becomes `ERASED`.
Numbers, dates and statuses stay: contributions stay counted.

Every Char/TextField of every CrowdDo model is either declared `Written` by some
app or listed in that app's `not_personal` (with the reason in a comment);
`tests/people/test_privacy_registry.py` fails on a field that is neither.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import NotAllowed
from people.audit import Type, audit_record
from people.models import AuditEvent, Invitation, Membership, User, VolunteerProfile

EXPORT_FORMAT = 1
ERASED = "[erased]"
# django-simple-history's own column: set by code, never by a person.
HISTORY_BOOKKEEPING = ("history_change_reason",)


@dataclass(frozen=True)
class Written:
    """Free text a person writes: `fields` of `model`, on the rows where the lookup `author`
    (e.g. "claim__volunteer") is the person. History copies of those rows are covered too."""

    model: type[Model]
    author: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person: `export(user)` returns JSON-ready keys for the
    download, `erase(user)` removes what names them (inside the deletion's transaction,
    before the account itself is anonymised) and may return details for the audit log;
    `written` are the free-text fields people write (blanked on deletion), `not_personal`
    the app's other Char/TextFields, by model ("Model": ("field", ...))."""

    app: str
    export: Callable[[User], dict] | None = None
    erase: Callable[[User], dict | None] | None = None
    written: tuple[Written, ...] = ()
    not_personal: dict[str, tuple[str, ...]] = field(default_factory=dict)


PARTS: list[PersonalData] = []


def register(*, app: str, export: Callable[[User], dict] | None = None,
             erase: Callable[[User], dict | None] | None = None,
             written: tuple[Written, ...] = (),
             not_personal: dict[str, tuple[str, ...]] | None = None) -> None:
    """Called from each feature app's AppConfig.ready(): the one way an app contributes to the
    download and the deletion (people imports no feature app). Every app with models
    registers, if only to list its `not_personal` fields. Registering again replaces."""
    PARTS[:] = [part for part in PARTS if part.app != app]
    PARTS.append(PersonalData(app=app, export=export, erase=erase, written=tuple(written),
                              not_personal=dict(not_personal or {})))


# people's own models: the account is anonymised and the profile deleted by this module.
OWN_PERSONAL = {"User": ("email", "display_name", "password"), "VolunteerProfile": ("bio",)}
OWN_NOT_PERSONAL = {
    "Organization": ("name", "slug", "description", "website"),  # the organization's own
    "Skill": ("name", "slug"),  # shared reference data
    "ApiKey": ("name", "prefix", "hashed_secret"),  # an organization's credential
    "Invitation": ("token",),  # a random link code; invitations go with the account
}


def _history_model(model: type[Model]) -> type[Model] | None:
    manager = getattr(model, "history", None)  # django-simple-history's HistoryManager
    return getattr(manager, "model", None) if manager is not None else None


def erase_written(user: User, written: Written) -> int:
    """Blank what the person wrote in `written`'s rows and in every history copy of them."""
    model = written.model
    values = {name: "" if model._meta.get_field(name).blank else ERASED
              for name in written.fields}
    rows = model._default_manager.filter(**{written.author: user})
    ids = list(rows.values_list("pk", flat=True))
    count = model._default_manager.filter(pk__in=ids).update(**values)
    history = _history_model(model)
    if history is not None:
        mine = Q(id__in=ids)
        if "__" not in written.author:  # a copy from before the row changed hands
            mine |= Q(**{written.author: user})
        history._default_manager.filter(mine).update(**values)
    return count


def _add_parts(data: dict, user: User) -> dict:
    for part in PARTS:
        if part.export is None:  # the app holds nothing about people
            continue
        keys = part.export(user)
        clash = data.keys() & keys.keys()
        if clash:  # no app may overwrite another's part of the download
            raise ValueError(f"{part.app} exports keys that are taken already: {sorted(clash)}")
        data |= keys
    return data


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _export_account(user: User) -> dict:
    return {
        "email": user.email, "display_name": user.display_name,
        "show_in_reports": user.show_in_reports, "wants_messages": user.wants_messages,
        "language": user.language, "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("id")
        ],
        "second_factors": [  # kinds and dates only: secrets never leave the server
            {"kind": a.type, "created_at": iso(a.created_at)}
            for a in Authenticator.objects.filter(user=user).order_by("id")
        ],
    }


def _export_profile(user: User) -> dict | None:
    profile = (VolunteerProfile.objects.filter(user=user)
               .prefetch_related("skills", "regions").first())
    if profile is None:
        return None
    return {
        "bio": profile.bio, "weekly_capacity_hours": profile.weekly_capacity_hours,
        "skills": [s.name for s in profile.skills.all()],
        "regions": [r.name for r in profile.regions.all()],
    }


@transaction.atomic
def privacy_export(user: User, *, request=None) -> dict:
    """Everything CrowdDo holds about the person, as plain JSON-ready data (the export is
    itself recorded in the audit log)."""
    audit_record(event_type=Type.DATA_EXPORTED, actor=user, request=request)
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return _add_parts({
        "format": EXPORT_FORMAT, "exported_at": iso(timezone.now()),
        "account": _export_account(user),
        "profile": _export_profile(user),
        "memberships": [
            {"organization": m.organization.name, "level": m.level, "since": iso(m.created_at)}
            for m in memberships
        ],
        "security_events": [
            {"event": e.event_type, "ip": e.ip, "at": iso(e.created_at)}
            for e in AuditEvent.objects.filter(actor=user)
        ],
    }, user)


def _check_not_last_owner(user: User) -> None:
    owned = Membership.objects.filter(user=user, level=Membership.Level.OWNER)
    stranded = [
        m.organization.name for m in owned.select_related("organization")
        if not Membership.objects.filter(organization_id=m.organization_id,
                                         level=Membership.Level.OWNER)
        .exclude(user=user).exists()
    ]
    if stranded:
        raise NotAllowed(gettext(
            "You are the only owner of %(organizations)s. Make someone else an owner first, so "
            "the organization is not left without one.") % {"organizations": ", ".join(stranded)})


def _remove_memberships(user: User) -> None:
    for membership in Membership.objects.filter(user=user):
        audit_record(event_type=Type.MEMBERSHIP_REMOVED, organization=membership.organization_id,
                     details={"reason": "account_deleted"})
        membership.delete()


def _remove_credentials_and_traces(user: User) -> None:
    EmailAddress.objects.filter(user=user).delete()
    Invitation.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    VolunteerProfile.objects.filter(user=user).delete()
    AuditEvent.objects.filter(actor=user).update(ip=None)
    # Admin log lines about the person's own account carry their name in object_repr.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User),
                            object_id=str(user.pk)).delete()
    if len(user.display_name) >= 3:
        for entry in LogEntry.objects.filter(object_repr__contains=user.display_name):
            entry.object_repr = entry.object_repr.replace(user.display_name, f"#{user.pk}")
            entry.save(update_fields=["object_repr"])
    _delete_sessions(user)


def _delete_sessions(user: User) -> None:
    # Sessions are not linked to users by a column; decoding each is slow but this is rare.
    doomed = [s.pk for s in Session.objects.iterator()
              if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)]
    Session.objects.filter(pk__in=doomed).delete()


def _anonymise_user(user: User) -> None:
    user.email = f"deleted-{uuid.uuid4().hex}@deleted.invalid"
    user.display_name = user.language = ""
    user.show_in_reports = False
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.date_joined = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def privacy_delete(*, user: User) -> None:
    """Delete the person's account: release claims, keep the work counted, leave no identity."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active and user.email.endswith("@deleted.invalid"):
        return  # deleted already: a retried request changes nothing
    _check_not_last_owner(user)
    details = {}
    for part in PARTS:
        if part.erase is not None:
            details |= part.erase(user) or {}
    for part in PARTS:  # after every erase: releasing a claim writes history rows too
        for written in part.written:
            erase_written(user, written)
    _remove_memberships(user)
    _remove_credentials_and_traces(user)
    _anonymise_user(user)
    audit_record(event_type=Type.ACCOUNT_DELETED, details=details)


def deleted_users() -> Q:
    """Tombstones left by `privacy_delete` (for reports that list people)."""
    return Q(is_active=False, email__endswith="@deleted.invalid")
