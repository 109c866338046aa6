from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from seeding import demo

# The seeding's own e-mails (celebrations, offers, reminders: hundreds) are kept, not sent or
# printed, so the demo logins stay the last thing `make run` prints before the address.
KEEP_IN_MEMORY = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Create the demo data (idempotent): organizations, a collective, roles, volunteers."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Seed even on a server (DEBUG and DEMO_MODE off); the demo "
                                 "logins have a known password.")

    def handle(self, *args, **options):
        if not settings.LOCAL and not options["force"]:
            raise CommandError(
                "Refusing to seed demo logins with DEBUG and DEMO_MODE off; use --force to insist."
            )
        saved = getattr(mail, "outbox", None)  # under tests: the test's own outbox
        mail.outbox = []
        with override_settings(EMAIL_BACKEND=KEEP_IN_MEMORY):
            counts = demo.seed()
        held = mail.outbox
        if saved is None:
            del mail.outbox
        else:
            mail.outbox = saved + held
        self.stdout.write(self.style.SUCCESS(
            "Demo data ready: " + ", ".join(f"{n} {k}" for k, n in counts.items())
            + f" ({len(held)} e-mails the seeding wrote were not sent)"
        ))
        self.stdout.write(f"Demo logins (password '{demo.PASSWORD}'):")
        for email, name, *_ in demo.PEOPLE:
            self.stdout.write(f"  {email:<22} {name}")
