from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"

    def ready(self):
        from roles import receivers  # noqa: F401  (e-mails after commit; volunteer area)
