from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organizations")

    def ready(self):
        # ready(): models are loaded only now
        from people import receivers  # noqa: F401  (is_staff follows memberships; audit log)
