from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Demo and benchmark data (`seed_demo`, `seed_scale`): no models, no pages."""

    name = "seeding"
