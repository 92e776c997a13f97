"""Make the renditions of every stored picture that lacks them (after a deploy, or a change
of widths or formats). Safe to run again: what exists is skipped."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db.models import Q

from breakingeven.images import PictureField, renditions_build


class Command(BaseCommand):
    help = "Make missing renditions of stored pictures, cleaning files stored before them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace", action="store_true", help="Make every rendition again, even if stored."
        )

    def handle(self, *, replace, **options):
        written = 0
        for model in apps.get_models():
            for field in model._meta.fields:
                if isinstance(field, PictureField):
                    written += self.build_field(model, field, replace)
        self.stdout.write(f"Done: {written} files written.")

    def build_field(self, model, field, replace):
        rows = model._base_manager.exclude(
            Q(**{field.name: ""}) | Q(**{f"{field.name}__isnull": True})
        )
        total = rows.count()
        written = 0
        label = f"{model._meta.label}.{field.name}"
        for number, instance in enumerate(rows.order_by("pk").iterator(), start=1):
            fieldfile = getattr(instance, field.attname)
            try:
                made = renditions_build(fieldfile, replace=replace)
            except (OSError, ValidationError) as error:
                self.stderr.write(f"{label} {number}/{total} {fieldfile.name}: skipped ({error})")
                continue
            written += made
            self.stdout.write(f"{label} {number}/{total} {fieldfile.name}: {made} files written")
        return written
