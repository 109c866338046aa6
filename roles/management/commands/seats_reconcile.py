"""`manage.py seats_reconcile [--fix]`: prove the seat counter equals the rows."""

from django.core.management.base import BaseCommand, CommandError

from roles.services import seat_counter


class Command(BaseCommand):
    help = ("Compare every role's seat counter (seats_taken, seats_offered) with its active "
            "regular claims and open offers; list the roles that differ. --fix recounts them.")

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true",
                            help="Recount the roles that differ (locked while recounted).")

    def handle(self, *args, fix: bool = False, **options):
        drifted = seat_counter.reconcile(fix=fix)
        for row in drifted:
            self.stdout.write(
                f"role {row['id']}: seats_taken {row['seats_taken']} (active claims "
                f"{row['taken']}), seats_offered {row['seats_offered']} (offers {row['offered']})")
        if not drifted:
            self.stdout.write("Seat counter equals the claims and offers of every role.")
        elif fix:
            self.stdout.write(f"Recounted {len(drifted)} role(s).")
        else:
            raise CommandError(f"{len(drifted)} role(s) drifted; run with --fix to recount.")
