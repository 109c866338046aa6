from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seeding import demo


class Command(BaseCommand):
    help = "Create the demo data (idempotent): organizations, a collective, roles, volunteers."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Seed even with DEBUG off (demo logins have a known password).")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to seed demo logins with DEBUG off; use --force to insist."
            )
        counts = demo.seed()
        self.stdout.write(self.style.SUCCESS(
            "Demo data ready: " + ", ".join(f"{n} {k}" for k, n in counts.items())
        ))
        self.stdout.write(f"Demo logins (password '{demo.PASSWORD}'):")
        for email, name, *_ in demo.PEOPLE:
            self.stdout.write(f"  {email:<22} {name}")
