from django.core.management.base import BaseCommand

from comments.models import VISITOR_HASH_RETENTION, Comment


class Command(BaseCommand):
    help = (
        "Blank the visitor hash of comments older than "
        f"{VISITOR_HASH_RETENTION.days} days. Run it daily."
    )

    def handle(self, *args, **options):
        # The only visitor identifier the site stores; votes and signups count in the cache.
        forgotten = Comment.objects.visitor_hash_expired().update(ip_hash="")
        self.stdout.write(
            f"Forgot the visitor hash of {forgotten} comment(s) older than "
            f"{VISITOR_HASH_RETENTION.days} days."
        )
