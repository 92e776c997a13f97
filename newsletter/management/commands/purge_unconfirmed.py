from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from newsletter.models import Subscriber


class Command(BaseCommand):
    help = "Delete subscription requests nobody confirmed within 30 days. Run it daily."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Age in days (default 30).")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = Subscriber.objects.unconfirmed_before(cutoff).delete()
        self.stdout.write(f"Deleted {deleted} unconfirmed subscription(s) older than {days} days.")
