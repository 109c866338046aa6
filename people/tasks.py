from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(acks_late=True)
def send_rendered_email(*, subject: str, body: str, to: list[str], html: str = "") -> None:
    """Send a message rendered by the web process (allauth's account e-mails)."""
    message = EmailMultiAlternatives(subject, body, None, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
