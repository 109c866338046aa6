"""Deploy checks (`manage.py check --deploy`) for settings that fail quietly in production.

Errors, not warnings, so `check --deploy` exits non-zero: with DEBUG off and no `EMAIL_URL`
every e-mail — password-reset links included — is written to the log instead of being sent.
"""

from django.conf import settings
from django.core import checks

MAIL_THAT_GOES_NOWHERE = ("django.core.mail.backends.console.EmailBackend",
                          "django.core.mail.backends.locmem.EmailBackend",
                          "django.core.mail.backends.dummy.EmailBackend")


@checks.register(checks.Tags.security, deploy=True)
def check_email_is_sent(app_configs=None, **kwargs):
    if settings.LOCAL or settings.EMAIL_BACKEND not in MAIL_THAT_GOES_NOWHERE:
        return []
    return [checks.Error(
        f"DEBUG is off but e-mail goes to {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}: "
        "sign-up confirmations and password-reset links would end up in the log, not "
        "in anyone's inbox.",
        hint="Set EMAIL_URL=smtp://USER:PASSWORD@HOST:587 (or smtps://…:465).",
        id="crowddo.E001",
    )]


@checks.register(checks.Tags.security, deploy=True)
def check_proxy_count(app_configs=None, **kwargs):
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if behind_proxy and not settings.ALLAUTH_TRUSTED_PROXY_COUNT:
        return [checks.Warning(
            "BEHIND_TLS_PROXY is on but TRUSTED_PROXY_COUNT is 0: every request seems to come "
            "from the proxy's address, so one address's login limit would lock everyone out.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn.",
            id="crowddo.W002",
        )]
    return []
