"""Security events from Django auth and allauth, written to the audit log."""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from people.audit import Type, audit_record
from people.models import User


@receiver(auth_signals.user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    audit_record(event_type=Type.LOGIN, actor=user, request=request)


@receiver(auth_signals.user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event_type=Type.LOGOUT, actor=user, request=request)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The typed address is not stored (it may be a stranger's). The event is filed under
    # the account it targeted, if any, so that account's organizations' owners see it.
    identifier = credentials.get("email") or credentials.get("username") or ""
    target = User.objects.filter(email__iexact=identifier).first() if identifier else None
    audit_record(
        event_type=Type.LOGIN_FAILED, actor=target, request=request,
        details={"known_account": target is not None},
    )


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit_mfa_added")
def on_mfa_added(sender, request, user, authenticator, **kwargs):
    audit_record(event_type=Type.MFA_ADDED, actor=user, request=request,
                 details={"kind": authenticator.type})


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit_mfa_removed")
def on_mfa_removed(sender, request, user, authenticator, **kwargs):
    audit_record(event_type=Type.MFA_REMOVED, actor=user, request=request,
                 details={"kind": authenticator.type})
