"""Every e-mail to a person is written in their language: the one place that decides which.

A background job has no request, so the language active in the worker says nothing about
the recipient. `send_templated` renders `<prefix>_subject.txt` and `<prefix>.txt` once per
language among the recipients, under `translation.override(language_of(...))` (texts,
dates and figures follow), and sends one message per language. allauth's account e-mails
are rendered in the request (`people.adapters`) under the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from people.models import User


def language_chosen(code: str | None) -> str:
    """`code` as stored if it is one of settings.LANGUAGES ("pt_BR", "PT-BR" → "pt-br"), else
    "" (no preference: the site's default)."""
    code = (code or "").lower().replace("_", "-")
    return code if code in dict(settings.LANGUAGES) else ""


def language_of(user: User | None, *, default: str | None = None) -> str:
    """The person's stored language; without one, `default` (the language of the person's own
    request, when they are the one asking) or else the site's default."""
    return (
        language_chosen(getattr(user, "language", ""))
        or language_chosen(default)
        or settings.LANGUAGE_CODE
    )


def render(prefix: str, context: dict) -> tuple[str, str]:
    """Subject (one line) and body of the templates `<prefix>_subject.txt` and `<prefix>.txt`,
    in the active language."""
    subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
    return subject, render_to_string(f"{prefix}.txt", context)


def send_templated(
    prefix: str, context: dict, recipients: Iterable[User], *, hidden: bool = False
) -> int:
    """E-mail `recipients`, each in their language: one message per language, the addresses
    in To (or in Bcc when `hidden`: people celebrated together never see each other's).
    Returns the number of messages sent."""
    by_language: dict[str, list[str]] = {}
    for user in recipients:
        by_language.setdefault(language_of(user), []).append(user.email)
    for language, emails in sorted(by_language.items()):
        with translation.override(language):
            subject, body = render(prefix, context)
        message = EmailMessage(
            subject=subject, body=body, to=[] if hidden else emails, bcc=emails if hidden else []
        )
        message.send()
    return len(by_language)
