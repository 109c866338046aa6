from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Collective governance")

    def ready(self):
        # ready(): models are loaded only now
        from governance import privacy
        from people import privacy as people_privacy

        people_privacy.register(app=self.name, export=privacy.export, erase=privacy.erase,
                                written=privacy.WRITTEN, not_personal=privacy.NOT_PERSONAL)
