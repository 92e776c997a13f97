from django.core.management.base import BaseCommand
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

    @transaction.atomic
    def handle(self, *args, **options):
        articles_demo.load()
        comments_demo.load()
        newsletter_demo.load()
        platforms_demo.load()
        username, password = articles_demo.EDITOR_USERNAME, articles_demo.EDITOR_PASSWORD
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded. Admin: /admin/ as {username!r} with password {password!r}."
            )
        )
