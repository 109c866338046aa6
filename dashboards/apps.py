from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self):
        from dashboards import receivers  # noqa: F401  (connects to roles.signals)
