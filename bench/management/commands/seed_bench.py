import time

from django.core.management.base import BaseCommand, CommandError

from bench import seed


class Command(BaseCommand):
    help = (
        "Fill the database with benchmark content at realistic volume (see bench/seed.py). "
        "Run again to top up what is missing; --reset removes the bench rows first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database holds content that is not benchmark data.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete every benchmark row, then seed anew."
        )
        parser.add_argument(
            "--forget-loads",
            action="store_true",
            help="Only delete what earlier runs' POST targets wrote; seed nothing.",
        )

    def handle(self, *args, force, reset, forget_loads, verbosity, **options):
        self.verbosity = verbosity
        foreign = seed.foreign_content()
        if foreign and not force:
            found = ", ".join(f"{count} {kind}" for kind, count in foreign.items())
            raise CommandError(
                f"This database holds content that is not benchmark data ({found}). "
                "Point DATABASE_URL at a database of its own, or pass --force to add to it."
            )
        if forget_loads:
            self.stdout.write(f"Removed {seed.forget_earlier_loads():,} rows of earlier loads.")
            return
        started = time.monotonic()
        if reset:
            self.stdout.write(f"Removed {seed.reset():,} benchmark rows.")
        report = seed.seed(self.progress)
        for name, seeded, summary in report:
            if seeded:
                self.stdout.write(self.style.SUCCESS(f"{name}: {summary}"))
            else:
                self.stdout.write(self.style.WARNING(f"{name}: NOT seeded ({summary})"))
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def progress(self, part, done, total, note=""):
        if self.verbosity:
            suffix = f" ({note})" if note else ""
            self.stdout.write(f"  {part}: {done:,}/{total:,}{suffix}")
