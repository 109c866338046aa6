from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    default = True
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from dashboards import (
            privacy,
            receivers,  # noqa: F401  (connects to roles.signals)
        )
        from people import privacy as people_privacy

        people_privacy.register(app=self.name, not_personal=privacy.NOT_PERSONAL)


class WorkbenchAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the workbench home (dashboards.adminsite), in INSTALLED_APPS
    instead of "django.contrib.admin"."""

    default = False
    default_site = "dashboards.adminsite.WorkbenchSite"
