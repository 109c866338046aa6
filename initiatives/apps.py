from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"

    def ready(self):
        # ready(): models are loaded only now
        from initiatives import privacy
        from people import privacy as people_privacy

        people_privacy.register(app=self.name, not_personal=privacy.NOT_PERSONAL)
