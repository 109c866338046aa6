from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # ready(): models are loaded only now
        from initiatives import privacy
        from people import privacy as people_privacy

        people_privacy.register(app=self.name, not_personal=privacy.NOT_PERSONAL)
