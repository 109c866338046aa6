from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self):
        from dashboards import (
            privacy,
            receivers,  # noqa: F401  (connects to roles.signals)
        )
        from people import privacy as people_privacy

        people_privacy.register(app=self.name, not_personal=privacy.NOT_PERSONAL)
