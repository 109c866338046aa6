"""`create_api_key --org SLUG --name NAME [--write]`: create a partner key and print it once."""

from django.core.management.base import BaseCommand, CommandError

from crowddo.errors import DomainError
from people import services
from people.models import Organization


class Command(BaseCommand):
    help = "Create an API key for an organization and print it once (only a hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="slug of the organization")
        parser.add_argument("--name", required=True, help="what the key is for, e.g. the partner")
        parser.add_argument("--write", action="store_true",
                            help="allow creating and updating roles (read-only without it)")

    def handle(self, *args, org, name, write, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with the slug {org!r}.")
        try:
            key, plaintext = services.api_key_create(
                organization=organization, name=name, can_write=write
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        scope = "read and write" if key.can_write else "read-only"
        self.stderr.write(f"API key {key.name!r} for {organization} ({scope}). "
                          "It is shown only now; store it safely:")
        self.stdout.write(plaintext)
