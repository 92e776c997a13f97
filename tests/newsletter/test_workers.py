"""Sending with real concurrency: two workers at once, and a worker process killed mid-send.

These need PostgreSQL: row locks with SKIP LOCKED, and a test database that a second process
can open. SQLite has neither (its test database lives in the test process's memory).
"""

import asyncio
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from newsletter import sending, services
from newsletter.models import Delivery, Issue, Subscriber

from .helpers import make_issue
from .mailserver import RecordingInbox, point_mailer_at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SKIP LOCKED row locks and a database a worker process can open",
    ),
]

PROJECT = Path(__file__).resolve().parents[2]


def make_subscribers(count):
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.com", status=Subscriber.Status.CONFIRMED)
        for n in range(count)
    )
    return list(Subscriber.objects.values_list("email", flat=True))


class SlowInbox(RecordingInbox):
    """Takes a moment per message, so that two workers really overlap."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.005)
        return await super().handle_DATA(server, session, envelope)


class WorkerKillingInbox(RecordingInbox):
    """Kills the sending worker process (SIGKILL) while it waits for the server's answer."""

    victim = None
    kill_at = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        if self.victim and len(self.messages) == self.kill_at:
            os.kill(self.victim, signal.SIGKILL)
        return answer


class CommittedCountingInbox(RecordingInbox):
    """Notes, as each message arrives, how many outcomes another connection sees committed."""

    def __init__(self):
        super().__init__()
        self.committed_on_arrival = []
        db = connection.settings_dict
        self.database = psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"],
            dbname=db["NAME"], autocommit=True,
        )  # fmt: skip

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        [(sent,)] = self.database.execute(
            "SELECT count(*) FROM newsletter_delivery WHERE status = 'sent'"
        ).fetchall()
        self.committed_on_arrival.append(sent)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def start_mail_server(settings):
    from aiosmtpd.controller import Controller

    from tests.smtp import free_port

    controllers = []

    def start(inbox):
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        point_mailer_at(settings, controller.port)
        return controller.port

    yield start
    for controller in controllers:
        controller.stop()


def test_two_workers_at_once_never_send_the_same_delivery(start_mail_server, settings):
    """Two workers share an issue's deliveries between them; each reader gets one copy."""
    inbox = SlowInbox()
    start_mail_server(inbox)
    emails = make_subscribers(120)
    # Queue the issue without running its task: the two workers below do the sending.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    issue = make_issue()
    services.issue_send(issue=issue)

    start, outcomes, errors = threading.Barrier(2), [], []

    def worker():
        try:
            start.wait()
            outcomes.append(sending.deliver_issue(issue.pk, batch_size=5))
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert inbox.copies_by_recipient() == dict.fromkeys(emails, 1)
    assert sorted(outcome.sent > 0 for outcome in outcomes) == [True, True]
    assert sum(outcome.sent for outcome in outcomes) == 120
    assert issue.progress()["sent"] == 120
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


def test_each_copy_arrives_only_after_the_previous_outcome_is_committed(start_mail_server):
    """When the server takes a copy, every earlier copy is recorded as sent, and no later one."""
    inbox = CommittedCountingInbox()
    start_mail_server(inbox)
    make_subscribers(25)
    issue = make_issue()
    services.issue_send(issue=issue)

    sending.deliver_issue(issue.pk, batch_size=10)

    inbox.database.close()
    assert inbox.committed_on_arrival == list(range(25))
    assert issue.progress()["sent"] == 25


def _worker_environment(port):
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "TASKS_BACKEND": "database",
        "SECRET_KEY": "tests-only-secret-key",
        "DEBUG": "false",
    }


def _manage(*args, env):
    return subprocess.Popen(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_worker_killed_mid_send_resumes_without_a_second_copy(start_mail_server, settings):
    """A `db_worker` killed while sending, then restarted: every reader has exactly one copy."""
    inbox = WorkerKillingInbox()
    port = start_mail_server(inbox)
    emails = make_subscribers(60)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    issue = make_issue()
    services.issue_send(issue=issue)  # queued in the database for a worker
    env = _worker_environment(port)
    worker_args = ("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")

    worker = _manage(*worker_args, env=env)
    inbox.victim, inbox.kill_at = worker.pid, 40
    worker.wait(timeout=300)

    assert worker.returncode == -signal.SIGKILL
    assert len(inbox.messages) == 40
    assert issue.deliveries.filter(status=Delivery.Status.SENDING).exists()

    # What an operator does after the crash, knowing no worker is running.
    resume = _manage("resume_sending", "--stale-after", "0", env=env)
    assert resume.wait(timeout=120) == 0, resume.stderr.read()
    inbox.victim = None
    worker = _manage(*worker_args, env=env)
    assert worker.wait(timeout=300) == 0, worker.stderr.read()

    assert inbox.copies_by_recipient() == dict.fromkeys(emails, 1)
    [in_doubt] = issue.deliveries.filter(status=Delivery.Status.FAILED)
    assert "Interrupted" in in_doubt.error
    assert in_doubt.subscriber.email == inbox.messages[39]["To"]
    assert issue.progress()["sent"] == 59
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT
