from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import VISITOR_HASH_RETENTION, Comment, Report


class Command(BaseCommand):
    help = (
        "Blank the visitor hash of comments older than "
        f"{VISITOR_HASH_RETENTION.days} days, and delete readers' reports as old that an "
        "editor has decided on. Run it daily."
    )

    def handle(self, *args, **options):
        # The only visitor identifiers the site stores; votes and signups count in the cache.
        forgotten = Comment.objects.visitor_hash_expired().update(ip_hash="")
        # A report is its visitor hash (one report per visitor): it goes whole, once decided.
        cutoff = timezone.now() - VISITOR_HASH_RETENTION
        reports, _ = Report.objects.filter(
            created_at__lte=cutoff, decided_at__isnull=False
        ).delete()
        self.stdout.write(
            f"Forgot the visitor hash of {forgotten} comment(s) and deleted {reports} decided "
            f"report(s) older than {VISITOR_HASH_RETENTION.days} days."
        )
