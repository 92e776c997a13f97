from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import demo as articles_demo
from comments import demo as comments_demo
from newsletter import demo as newsletter_demo
from platforms import demo as platforms_demo


class Command(BaseCommand):
    help = (
        "Load demo articles, comments, votes, subscribers, platforms and pay reports. "
        "Safe to run more than once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-debug",
            action="store_true",
            help="Load the demo with DEBUG off too (a staging site); the editor gets no password.",
        )

    @transaction.atomic
    def handle(self, *args, without_debug=False, **options):
        # A published demo password would be a known editor account on a production site.
        if not settings.DEBUG and not without_debug:
            raise CommandError(
                "DEBUG is off: this looks like a production database, and the demo creates an "
                "editor account. Run with DEBUG=true for a local demo, or add --without-debug to "
                "load the content with no password for the demo editor."
            )
        articles_demo.load(
            editor_password=articles_demo.EDITOR_PASSWORD if settings.DEBUG else None
        )
        comments_demo.load()
        newsletter_demo.load()
        platforms_demo.load()
        username = articles_demo.EDITOR_USERNAME
        if settings.DEBUG:
            login = f"as {username!r} with password {articles_demo.EDITOR_PASSWORD!r}"
        else:
            login = f"as {username!r} once you set a password (manage.py changepassword {username})"
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded. Admin: /admin/ {login}."))
