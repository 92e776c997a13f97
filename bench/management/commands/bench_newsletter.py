import importlib.util
import os
import socket
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber
from newsletter.sending import BATCH_SIZE, deliver_issue

BENCH_DOMAIN = "bench.invalid"


def _start_sink(port):
    """aiosmtpd's Sink, an SMTP server that accepts and drops every message, in its own process
    as a real mail server would be, so that it doesn't share the worker's interpreter."""
    sink = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
         "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return sink
        except OSError:
            time.sleep(0.1)
    sink.terminate()
    raise CommandError("The SMTP sink did not start.")


def _cpu_seconds(pid):
    """CPU time a process on this machine has used so far (Linux's /proc), or None if unknown."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # After the command name in parentheses: utime and stime are fields 14 and 15.
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _database_server_pid():
    """The PostgreSQL backend serving this connection, if it runs on this machine."""
    if connection.vendor != "postgresql" or connection.settings_dict["HOST"] not in (
        "127.0.0.1", "localhost", "::1", "",
    ):  # fmt: skip
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


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
        sink = _start_sink(port)
        mailers = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        try:
            with override_settings(MAILERS=mailers):
                self._run(subscribers, batch_size, sink.pid)
        finally:
            sink.terminate()
            sink.wait()
            self._clean_up()

    def _run(self, count, batch_size, sink_pid):
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

        # The other two processes in every exchange, when this machine's /proc shows them.
        others = {"The SMTP sink": sink_pid, "PostgreSQL's server process": _database_server_pid()}
        others_before = {name: _cpu_seconds(pid) for name, pid in others.items()}
        started, cpu_started = time.perf_counter(), time.process_time()
        outcome = deliver_issue(issue.pk, batch_size=batch_size)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        others_after = {name: _cpu_seconds(pid) for name, pid in others.items()}

        progress = issue.progress()
        # "sent" means the server answered 250 for that message.
        if not outcome.finished or progress["sent"] != count:
            raise CommandError(f"Not every delivery went out: {progress}.")
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
        for name in others:
            if others_before[name] is not None and others_after[name] is not None:
                used = others_after[name] - others_before[name]
                self.stdout.write(
                    f"{name} used {used:.2f} s of CPU: {used / count * 1000:.2f} ms per delivery."
                )

    def _clean_up(self):
        Issue.objects.filter(subject__startswith="[bench] ").delete()
        Subscriber.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").delete()
