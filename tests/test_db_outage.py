import json

import pytest
from django.conf import global_settings
from django.db import OperationalError, connection
from django.test import Client

from articles.models import Tag
from tests.factories import make_article
from tests.servers import SilentServer, TcpRelay, Visitor, database_url

PASSWORD = "correct horse battery staple"


def database_gone_after_the_view(get_response):
    """Stands for a step after the view that needs the database, like saving the session."""

    def middleware(request):
        get_response(request)
        raise OperationalError("server closed the connection unexpectedly")

    return middleware


def assert_back_soon_page(status, headers, text):
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert "back soon" in text
    assert "Traceback" not in text
    assert "OperationalError" not in text


@pytest.mark.urls("tests.urls")
def test_database_error_in_a_view_answers_503_back_soon(client, mailoutbox, settings):
    """A view that cannot reach the database answers 503 with Retry-After, and no error mail."""
    settings.ADMINS = ["ops@example.com"]
    response = client.get("/test/database-gone/")
    assert_back_soon_page(response.status_code, response.headers, response.content.decode())
    assert "no-store" in response.headers["Cache-Control"]
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.urls("tests.urls")
def test_database_error_outside_a_view_answers_503_too(settings):
    """The database failing after the view, in middleware, gives the same 503, never a 500."""
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.test_db_outage.database_gone_after_the_view",
    ]
    response = Client(raise_request_exception=False).get("/")
    assert_back_soon_page(response.status_code, response.headers, response.content.decode())


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="cuts the connection to a PostgreSQL server"
)
def test_site_answers_503_while_the_database_is_cut_and_recovers_alone(
    start_server, django_user_model, settings
):
    """A running server answers 503 while PostgreSQL is unreachable and recovers unrestarted."""
    # The server checks passwords with the production hashers.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    django_user_model.objects.create_superuser("editor", password=PASSWORD)
    article = make_article(title="Pay rates in 2026")
    db = connection.settings_dict
    relay = TcpRelay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))).start()
    try:
        server = start_server(
            DATABASE_URL=database_url(connection, port=relay.port),
            SECURE_HTTPS="false",
            CACHE_URL="locmemcache://",
        )
        editor = Visitor()
        assert editor.get(server, article.get_absolute_url()).status == 200
        editor.get(server, "/admin/login/")
        signed_in = editor.post(
            server, "/admin/login/", {"username": "editor", "password": PASSWORD}
        )
        assert signed_in.status == 302
        add_tag = "/admin/articles/tag/add/"
        assert editor.get(server, add_tag).status == 200

        relay.cut()
        for path in ("/", article.get_absolute_url()):
            reply = editor.get(server, path)
            assert_back_soon_page(reply.status, reply.headers, reply.text)
        # A write during the outage is refused, not answered with a success.
        refused = editor.post(server, add_tag, {"name": "Outages", "slug": "outages"})
        assert_back_soon_page(refused.status, refused.headers, refused.text)

        relay.restore()
        assert editor.get(server, "/").status == 200
        assert not Tag.objects.filter(slug="outages").exists()
        saved = editor.post(server, add_tag, {"name": "Outages", "slug": "outages"})
        assert saved.status == 302
        assert Tag.objects.filter(slug="outages").exists()

        # Cut and restored while idle: the kept-open connection is dead, and the health
        # check replaces it before the first query, so no reader sees an error at all.
        relay.cut()
        relay.restore()
        assert editor.get(server, article.get_absolute_url()).status == 200

        log = server.log()
        lines = [json.loads(line) for line in log.splitlines() if line.strip()]
        assert any(line.get("status") == 503 for line in lines)
        assert not any(line.get("status") == 500 for line in lines)
        assert "Traceback" not in log
    finally:
        relay.cut()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="connects with PostgreSQL's client")
def test_a_database_that_never_answers_gets_the_503_page(start_server):
    """A database that accepts connections and never answers gets the 503 page, not a hang."""
    silent = SilentServer()
    try:
        server = start_server(
            DATABASE_URL=database_url(connection, port=silent.port),
            DATABASE_CONNECT_TIMEOUT="2",
            SECURE_HTTPS="false",
            CACHE_URL="locmemcache://",
        )
        visitor = Visitor()
        for path in ("/", "/articles/pay-rates/", "/search/?q=pay"):
            reply = visitor.get(server, path)
            assert_back_soon_page(reply.status, reply.headers, reply.text)
        assert "WORKER TIMEOUT" not in server.log()
    finally:
        silent.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement timeout")
def test_a_statement_past_the_timeout_is_ended_with_the_503_page(start_server):
    """A query still running after DATABASE_STATEMENT_TIMEOUT is cancelled: 503, not a hang."""
    server = start_server(
        DJANGO_SETTINGS_MODULE="tests.server_settings",
        DATABASE_URL=database_url(connection),
        DATABASE_STATEMENT_TIMEOUT="1",
        SECURE_HTTPS="false",
        CACHE_URL="locmemcache://",
    )
    reply = Visitor().get(server, "/test/slow-query/")
    assert_back_soon_page(reply.status, reply.headers, reply.text)
    assert "canceling statement due to statement timeout" in server.log()
