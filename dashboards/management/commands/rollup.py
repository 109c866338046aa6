from django.core.management.base import BaseCommand
from tqdm import tqdm

from dashboards import services
from initiatives.models import Initiative


class Command(BaseCommand):
    help = "Recompute every dashboard table now, from the raw rows."

    def handle(self, *args, **options):
        ids = list(Initiative.objects.values_list("id", flat=True))
        for initiative_id in tqdm(ids, desc="initiatives", disable=options["verbosity"] == 0):
            services.rollup_initiative(initiative_id=initiative_id)
        self.stdout.write(self.style.SUCCESS(f"Recomputed {len(ids)} initiatives."))
