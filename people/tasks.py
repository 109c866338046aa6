from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from people.mail import send_templated
from people.models import Invitation


@shared_task(acks_late=True)
def send_rendered_email(*, subject: str, body: str, to: list[str], html: str = "") -> None:
    """Send a message rendered by the web process (allauth's account e-mails, rendered in the
    recipient's language: people.adapters)."""
    message = EmailMultiAlternatives(subject, body, None, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(acks_late=True)
def send_invitation(invitation_id: int) -> bool:
    """E-mail the link to accept or decline. Nothing if it was answered or withdrawn."""
    invitation = Invitation.objects.select_related("organization", "user").filter(
        pk=invitation_id, status=Invitation.Status.PENDING).first()
    if invitation is None:
        return False
    context = {"invitation": invitation, "organization": invitation.organization,
               "url": f"{settings.SITE_URL}/invitations/{invitation.token}/"}
    send_templated("emails/invitation", context, [invitation.user])
    return True
