from django.core.management.base import BaseCommand

from newsletter import services
from newsletter.models import Issue


class Command(BaseCommand):
    help = (
        "Queue a worker task for every issue still being sent, e.g. after the worker was killed. "
        "Safe while other workers run: they never send the same delivery twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=int,
            default=None,
            metavar="SECONDS",
            help=(
                "Treat work claimed longer ago than this as abandoned (default: the claim "
                "timeout, 5 minutes). Use 0 only when no other worker is running."
            ),
        )

    def handle(self, *args, stale_after, **options):
        issues = Issue.objects.filter(status=Issue.Status.SENDING)
        for issue in issues:
            services.issue_resume(issue=issue, stale_after_seconds=stale_after)
            self.stdout.write(f"Resuming: {issue.subject}")
        if not issues:
            self.stdout.write("No issue is being sent.")
