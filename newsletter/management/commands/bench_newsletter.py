import importlib.util
import multiprocessing
import os
import socket
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.test.utils import override_settings
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber
from newsletter.sending import BATCH_SIZE, deliver_issue

BENCH_DOMAIN = "bench.invalid"


def _serve_sink(port, received, ready):
    """An SMTP server on loopback that accepts and counts every message, keeping none.

    It runs in its own process, as a real mail server would, so it doesn't share the worker's
    interpreter.
    """
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            with received.get_lock():
                received.value += 1
            return "250 OK"

    Controller(Handler(), hostname="127.0.0.1", port=port).start()
    ready.set()
    threading.Event().wait()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Command(BaseCommand):
    help = (
        "Benchmark: send one issue to 10,000 throwaway confirmed subscribers through an SMTP "
        "sink on loopback with one worker, print deliveries per second, then delete it all. "
        "Never run it against the production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=10_000)
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, subscribers, batch_size, **options):
        if importlib.util.find_spec("aiosmtpd") is None:
            raise CommandError("The benchmark needs aiosmtpd, a dev dependency: uv sync")
        self._clean_up()  # leftovers of an interrupted run
        port = _free_port()
        processes = multiprocessing.get_context("fork")
        received, ready = processes.Value("i", 0), processes.Event()
        connections.close_all()  # the sink process must not share the database connection
        sink = processes.Process(target=_serve_sink, args=(port, received, ready), daemon=True)
        sink.start()
        if not ready.wait(timeout=30):
            sink.terminate()
            raise CommandError("The SMTP sink did not start.")
        mailers = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        try:
            with override_settings(MAILERS=mailers):
                self._run(received, subscribers, batch_size)
        finally:
            sink.terminate()
            sink.join()
            self._clean_up()

    def _run(self, received, count, batch_size):
        vendor = connection.vendor
        self.stdout.write(f"Creating {count} confirmed subscribers ({vendor})…")
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"reader{n}@{BENCH_DOMAIN}",
                    status=Subscriber.Status.CONFIRMED,
                    confirmed_at=now,
                    signup_page="/bench/",
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        issue = Issue.objects.create(
            subject="[bench] New articles this week",
            body_markdown="A benchmark issue.\n\nWith [a link](/articles/) and **some** Markdown.",
            status=Issue.Status.SENDING,
            sending_started_at=now,
        )
        started = time.perf_counter()
        recipients = Subscriber.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
        Delivery.objects.bulk_create(
            [
                Delivery(issue=issue, subscriber_id=pk)
                for pk in recipients.values_list("pk", flat=True)
            ],
            batch_size=2000,
        )
        queued = time.perf_counter() - started
        self.stdout.write(f"Queued {count} deliveries in {queued:.2f} s. Sending with one worker…")

        started, cpu_started = time.perf_counter(), time.process_time()
        outcome = deliver_issue(issue.pk, batch_size=batch_size)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

        progress = issue.progress()
        if not outcome.finished or progress["sent"] != count or received.value != count:
            raise CommandError(
                f"Not every delivery went out: {progress}, the sink received {received.value}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {count} deliveries in {elapsed:.2f} s: "
                f"{count / elapsed:.0f} deliveries/second "
                f"(one worker, batches of {batch_size}, {vendor})."
            )
        )
        self.stdout.write(
            f"The worker used {cpu:.2f} s of CPU: {cpu / count * 1000:.2f} ms per delivery. "
            f"Load average while sending: {', '.join(f'{n:.1f}' for n in os.getloadavg())}."
        )

    def _clean_up(self):
        Issue.objects.filter(subject__startswith="[bench] ").delete()
        Subscriber.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").delete()
