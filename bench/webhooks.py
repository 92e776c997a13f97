"""How long a bounce webhook of 100 events takes: `python -m bench.webhooks` (budget: under 1 s).

One Amazon SES notification naming 100 subscribers who bounced, posted through Django's test
client with DEBUG off to the database in DATABASE_URL (a throwaway one: the script adds 100
subscribers at @webhook-bench.invalid per run and deletes them, their events and
suppressions afterwards). Prints each run's time and the median.
"""

import base64
import json
import os
import statistics
import sys
import time
import uuid

RUNS = 5
EVENTS = 100


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from newsletter.models import MailEvent, Subscriber, Suppression
    from tests.newsletter.webhook_samples import (
        SES_TRACKING,
        ses_bounce,
        ses_headers,
        ses_notification,
    )

    secret = "bench:webhook-secret"  # noqa: S105 (a throwaway for this run)
    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}
    anymail = {**settings.ANYMAIL, "WEBHOOK_SECRET": secret}
    timings = []
    # collectstatic has not run: pages name static files as they are.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": static}
    with override_settings(ANYMAIL=anymail, ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        client = Client()
        for run in range(RUNS):
            domain = f"run{run}-{uuid.uuid4().hex[:8]}.webhook-bench.invalid"
            addresses = [f"reader{n}@{domain}" for n in range(EVENTS)]
            Subscriber.objects.bulk_create(
                Subscriber(email=address, status=Subscriber.Status.CONFIRMED)
                for address in addresses
            )
            notification = ses_notification(ses_bounce(addresses), message_id=str(uuid.uuid4()))
            started = time.perf_counter()
            response = client.post(
                SES_TRACKING,
                json.dumps(notification),
                content_type="text/plain; charset=UTF-8",
                headers=ses_headers(notification),
                secure=True,
                **auth,
            )
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
            assert Suppression.objects.filter(email__endswith=domain).count() == EVENTS
            MailEvent.objects.filter(email__endswith=domain).delete()
            Suppression.objects.filter(email__endswith=domain).delete()
            Subscriber.objects.filter(email__endswith=domain).delete()
    runs = ", ".join(f"{seconds * 1000:.0f}" for seconds in timings)
    print(f"{EVENTS} events per webhook, {RUNS} runs: {runs} ms")
    print(f"median {statistics.median(timings) * 1000:.0f} ms (budget: under 1,000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
