from django.core.management.base import BaseCommand
from tqdm import tqdm

from dashboards import services


class Command(BaseCommand):
    help = "Recompute every dashboard table now, from the raw rows (with a progress bar)."

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0

        def bar(steps):
            return tqdm(steps, desc="tables", unit="step", disable=quiet)

        count = services.rollup_everything(progress=bar)
        self.stdout.write(self.style.SUCCESS(f"Recomputed {count} scope totals."))
