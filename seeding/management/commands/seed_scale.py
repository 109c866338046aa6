import json
from dataclasses import asdict, fields

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from seeding import scale


class Command(BaseCommand):
    help = (
        "Bulk synthetic data for benchmarks: organizations, volunteers, initiatives, roles, "
        "claims and contributions (COPY on PostgreSQL). Sizes are options; --small is the "
        "CI preset."
    )

    def add_arguments(self, parser):
        for f in fields(scale.Sizes):
            default = getattr(scale.DEFAULT, f.name)
            parser.add_argument(f"--{f.name}", type=int, default=None,
                                help=f"how many {f.name} (default {default:,})")
        parser.add_argument("--small", action="store_true",
                            help="the small preset for CI: "
                                 + ", ".join(f"{v:,} {k}" for k, v in asdict(scale.SMALL).items()))
        parser.add_argument("--prefix", default="scale",
                            help="slug and e-mail prefix, so a second set can sit beside the first")
        parser.add_argument("--json", action="store_true",
                            help="print rows per table and seconds as JSON (for bench/run.py)")

    def handle(self, *args, **options):
        base = scale.SMALL if options["small"] else scale.DEFAULT
        chosen = {f.name: options[f.name] for f in fields(scale.Sizes)
                  if options[f.name] is not None}
        sizes = scale.Sizes(**{**asdict(base), **chosen})
        quiet = options["verbosity"] == 0 or options["json"]
        with tqdm(total=scale.expected_rows(sizes), unit="rows", unit_scale=True,
                  disable=quiet, desc="seed_scale") as bar:
            try:
                result = scale.seed_scale(sizes, prefix=options["prefix"], progress=bar.update)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps({"sizes": asdict(sizes), "rows": result.rows,
                                          "seconds": result.seconds}))
            return
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"Loaded {result.total:,} rows in {result.seconds:.1f} s "
                f"({result.total / result.seconds:,.0f} rows/s): "
                + ", ".join(f"{n:,} {t}" for t, n in result.rows.items())
            ))
