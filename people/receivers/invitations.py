"""An invitation is e-mailed once its transaction commits (a rolled-back one sends nothing)."""

from django.dispatch import receiver

from crowddo.dispatch import enqueue_on_commit
from people import tasks
from people.signals import invitation_created


@receiver(invitation_created)
def send_invitation(sender, invitation_id, **kwargs):
    enqueue_on_commit(tasks.send_invitation, invitation_id)
