"""allauth adapter: account e-mails are rendered in the request, sent by Celery after commit."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags

from crowddo.dispatch import enqueue_on_commit
from people.mail import language_of
from people.models import User
from people.tasks import send_rendered_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email}
        ctx.update(context)
        # The site's own name and address, never the Site row's "example.com".
        ctx["current_site"] = SimpleNamespace(name=settings.SITE_NAME,
                                              domain=urlsplit(settings.SITE_URL).netloc)
        # The recipient's language (people.mail); without a stored one, the page's.
        recipient = ctx.get("user") or User.objects.filter(email__iexact=email).first()
        with translation.override(language_of(recipient, default=translation.get_language())):
            msg = self.render_mail(template_prefix, email, ctx)
        html = next((c for c, mime in getattr(msg, "alternatives", []) if mime == "text/html"), "")
        body = msg.body
        if msg.content_subtype == "html":
            html, body = body, strip_tags(body)
        enqueue_on_commit(send_rendered_email, subject=msg.subject, body=body, to=list(msg.to),
                          html=html)
