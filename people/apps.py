from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organizations"

    def ready(self):
        from people import (
            audit_receivers,  # noqa: F401  (hardening: audit log of auth events)
            receivers,  # noqa: F401  (keeps is_staff in step with memberships)
        )
