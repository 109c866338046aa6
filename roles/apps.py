from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Roles")

    def ready(self):
        # ready(): models are loaded only now
        from people import privacy as people_privacy
        from roles import (
            privacy,
            receivers,  # noqa: F401  (e-mails after commit; volunteer area)
        )

        people_privacy.register(app=self.name, export=privacy.export, erase=privacy.erase,
                                written=privacy.WRITTEN, not_personal=privacy.NOT_PERSONAL)
