from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from people import privacy as people_privacy
        from webhooks import (
            privacy,
            receivers,  # noqa: F401  (turns claim changes and milestones into events)
        )

        people_privacy.register(app=self.name, not_personal=privacy.NOT_PERSONAL)
