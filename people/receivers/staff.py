"""Keep `is_staff` in step with memberships, whichever code path wrote them.

The membership services call `staff_sync` themselves; this also covers rows written by
`seed_demo`, fixtures or a superuser in the admin, so an orchestrator can always log in
to the admin and a removed one never can.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from people import access, services
from people.models import Membership


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def sync_staff_flag(sender, instance: Membership, **kwargs) -> None:
    access.forget(instance.user)  # the cached levels of this user object are stale now
    services.staff_sync(user=instance.user)
