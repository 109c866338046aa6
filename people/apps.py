from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organizations"

    def ready(self):
        # ready(): models are loaded only now
        from people import receivers  # noqa: F401  (is_staff follows memberships; audit log)
