"""allauth adapter: account e-mails are rendered in the request, sent by Celery after commit."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from crowddo.dispatch import enqueue_on_commit
from people.tasks import send_rendered_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        msg = self.render_mail(template_prefix, email, ctx)
        html = next((c for c, mime in getattr(msg, "alternatives", []) if mime == "text/html"), "")
        body = msg.body
        if msg.content_subtype == "html":
            html, body = body, strip_tags(body)
        enqueue_on_commit(send_rendered_email, subject=msg.subject, body=body, to=list(msg.to),
                          html=html)
