"""The site behind PgBouncer in transaction mode, the pooling most managed PostgreSQL offerings
and web hosts use: each transaction may run on another server connection, so nothing may be
prepared or set on one and expected on the next."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import signing
from django.db import connection
from django.test import override_settings

from articles.models import Vote
from comments.models import Comment
from comments.tokens import FORM_STARTED_SALT
from newsletter import services
from newsletter.models import Delivery, Issue
from tests.factories import make_article
from tests.newsletter.helpers import make_issue, make_subscriber
from tests.servers import PROJECT, Visitor, database_url, server_env
from tests.smtp import free_port, start_smtp_server

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PgBouncer pools PostgreSQL"),
]

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


@pytest.fixture
def pgbouncer(tmp_path):
    """PgBouncer on a free loopback port, pool_mode = transaction, in front of the test
    database's server; its files live in the test's own folder."""
    if not Path(PGBOUNCER).exists():
        pytest.fail("No pgbouncer: `apt-get install pgbouncer` (.ci/run does).")
    db = connection.settings_dict
    folder = tmp_path / "pgbouncer"
    folder.mkdir()
    port = free_port()
    (folder / "users.txt").write_text(f'"{db["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
        "pool_mode = transaction\ndefault_pool_size = 1\n"
    )
    command = [PGBOUNCER, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        shutil.chown(folder, "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres")
        folder.chmod(0o755)
        tmp_path.chmod(0o755)
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"PgBouncer did not start:\n{process.stdout.read()}")
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def pooled_environment(port):
    """A server or worker process's settings with the database behind PgBouncer. No statement
    timeout as a startup option, which PgBouncer refuses (README: set it on the role)."""
    return {"DATABASE_URL": database_url(connection, port=port), "DATABASE_STATEMENT_TIMEOUT": "0"}


def test_reading_and_posting_through_pgbouncer_in_transaction_mode(pgbouncer, start_server):
    """Pages, a comment and votes (new and changed) from two servers taking turns on the one
    server connection PgBouncer has: what one prepared there, the other would trip over."""
    article = make_article(title="Pay rates behind a pooler")
    # No cache: every request reaches the database.
    env = {**pooled_environment(pgbouncer), "SECURE_HTTPS": "false", "CACHE_URL": "dummycache://"}
    servers = [start_server(**env), start_server(**env)]
    reader = Visitor()
    for _ in range(8):  # psycopg prepares a statement run this often, unless told not to
        pages = ("/", article.get_absolute_url(), "/search/?q=pay", "/feed/", "/pay/")
        for path in pages:
            for server in servers:
                reply = reader.get(server, path)
                assert reply.status == 200, (path, reply.text[:500])
    server = servers[0]
    vote_path = f"{article.get_absolute_url()}helpful/"
    assert reader.post(server, vote_path, {"helpful": "yes"}).status == 302
    assert reader.post(server, vote_path, {"helpful": "no"}).status == 302
    comment = {
        "name": "Ada Reader",
        "email": "ada.reader@example.net",
        "body": "Same rates on my dashboard this week.",
        "parent": "",
        "website": "",
        # A form shown a minute ago, signed with the server's key.
        "started": signing.dumps(
            {"at": time.time() - 60}, key=server_env()["SECRET_KEY"], salt=FORM_STARTED_SALT
        ),
    }
    assert reader.post(server, f"{article.get_absolute_url()}comments/", comment).status == 302
    assert Comment.objects.get().body == comment["body"]
    vote = Vote.objects.get()
    assert vote.helpful is False
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (0, 1)


def test_a_newsletter_send_by_the_task_worker_through_pgbouncer(pgbouncer):
    """An issue queued for the database task worker is sent by it over the pooled database."""
    controller, inbox = start_smtp_server()
    try:
        emails = [make_subscriber(f"pooled{n}@example.com").email for n in range(30)]
        issue = make_issue()
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            services.issue_send(issue=issue)
        env = {
            **os.environ,
            **pooled_environment(pgbouncer),
            "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
            "TASKS_BACKEND": "database",
            "SECRET_KEY": "tests-only-secret-key",
            "DEBUG": "false",
        }
        worker = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
            + ["--no-reload", "--interval", "0"],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert worker.returncode == 0, worker.stderr
        assert sorted(m["To"] for m in inbox.messages) == sorted(emails)
        assert issue.deliveries.filter(status=Delivery.Status.SENT).count() == 30
        assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT
    finally:
        controller.stop()


def test_no_statement_is_prepared_so_any_pooler_works(client):
    """A transaction-mode pooler hands each transaction another server connection, where a
    statement prepared on the first would not exist: nothing may be prepared."""
    article = make_article()
    for _ in range(10):  # psycopg prepares a statement after five runs unless told not to
        client.get(article.get_absolute_url())
        client.get("/search/?q=pay")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0
