from django.core.management.base import BaseCommand
from tqdm import tqdm

from dashboards import services


class Command(BaseCommand):
    help = ("Recompute every dashboard table now, from the raw rows (with a progress bar). "
            "The per-day tables refill only the days written since their last fill; --full "
            "refills them whole.")

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true",
                            help="ignore the fill state: refill every day of the per-day tables")

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0

        def bar(steps):
            return tqdm(steps, desc="tables", unit="step", disable=quiet)

        count = services.rollup_everything(progress=bar, full=options["full"])
        self.stdout.write(self.style.SUCCESS(f"Recomputed {count} scope totals."))
