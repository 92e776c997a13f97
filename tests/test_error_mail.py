"""Error reports to ADMINS: queued, never sent inside a request, deduplicated and capped."""

import logging

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from breakingeven.logs import ERROR_REPORTS_PER_WINDOW
from breakingeven.tasks import send_error_report
from tests.factories import make_article
from tests.servers import SilentServer, Visitor, database_url

pytestmark = pytest.mark.urls("tests.urls")


@pytest.fixture
def admins(settings):
    settings.ADMINS = ["ops@breakingeven.example.com"]


@pytest.fixture
def silent_smtp():
    """A mail server that accepts connections and never answers."""
    server = SilentServer()
    yield server
    server.close()


@pytest.mark.django_db
def test_a_burst_of_the_same_error_mails_admins_once(admins, mailoutbox):
    """Thirty crashes of one page make one error mail, and every visitor gets the 500 page."""
    client = Client(raise_request_exception=False)
    for _ in range(30):
        response = client.get("/test/fail/")
        assert response.status_code == 500
        assert "Something went wrong on our side" in response.content.decode()
    [mail] = mailoutbox
    assert "Internal Server Error: /test/fail/" in mail.subject


@pytest.mark.django_db
def test_error_mails_are_capped_across_different_errors(admins, mailoutbox):
    """Many different errors in a window send no more than the cap of mails."""
    for number in range(25):
        logging.getLogger("django.request").error("Something else broke, number %d", number)
    assert len(mailoutbox) == int(ERROR_REPORTS_PER_WINDOW.split("/")[0])


@pytest.mark.django_db
def test_unknown_hosts_are_logged_and_never_mailed(admins, mailoutbox, caplog):
    """Requests for hosts the site does not serve get 400 and a log line, but no mail."""
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO, logger="django.security.DisallowedHost"):
        for number in range(30):
            assert client.get("/", HTTP_HOST=f"evil{number}.example.com").status_code == 400
    assert mailoutbox == []
    assert len([r for r in caplog.records if r.name == "django.security.DisallowedHost"]) == 30


def test_a_mail_server_that_never_answers_costs_only_the_report(silent_smtp, settings, caplog):
    """A report to a hung mail server gives up at the timeout, logs a warning, raises nothing."""
    settings.ADMINS = ["ops@breakingeven.example.com"]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": silent_smtp.port, "timeout": 1},
        }
    }
    send_error_report.call("ERROR: Something broke", "Traceback ...")
    [warning] = [r for r in caplog.records if r.name == "breakingeven.tasks"]
    assert warning.levelname == "WARNING"
    assert "Error report not mailed" in warning.getMessage()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="queues tasks in PostgreSQL")
def test_errors_and_unknown_hosts_answer_at_once_while_mail_hangs(start_server, silent_smtp):
    """With mail hanging, errors get the 500 page, bad hosts 400, articles 200; one report waits."""
    article = make_article()
    server = start_server(
        DJANGO_SETTINGS_MODULE="tests.server_settings",
        DATABASE_URL=database_url(connection),
        CACHE_URL="locmemcache://",
        SECURE_HTTPS="false",
        TASKS_BACKEND="database",
        EMAIL_URL=f"smtp://127.0.0.1:{silent_smtp.port}?timeout=2",
        ADMINS="ops@breakingeven.example.com",
    )
    visitor = Visitor()
    for _ in range(5):
        crashed = visitor.get(server, "/test/fail/")
        assert crashed.status == 500
        assert "Something went wrong on our side" in crashed.text
    for number in range(10):
        headers = {"Host": f"evil{number}.example.com"}
        assert visitor.get(server, "/", headers=headers).status == 400
    assert visitor.get(server, article.get_absolute_url()).status == 200
    queued = DBTaskResult.objects.filter(task_path="breakingeven.tasks.send_error_report")
    assert queued.count() == 1
    assert "Internal Server Error: /test/fail/" in queued.get().args_kwargs["args"][0]
