import uuid

import pytest
from django.db import connection

from tests.servers import Visitor, database_url

# A database number of its own, emptied by the test, so nothing else in Redis is touched.
REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the server processes share the PostgreSQL test database",
    ),
]


@pytest.fixture
def shared_cache(machine_redis):
    """The machine's Redis under a key prefix of this test's own, whose keys it removes after:
    nothing else in Redis is touched."""
    client = machine_redis(REDIS_URL)
    prefix = f"test-{uuid.uuid4().hex}"
    yield {"CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_admin_login_limit_is_one_limit_across_two_servers(
    shared_cache, start_server, django_user_model
):
    """Failed sign-ins spread over two servers sharing Redis add up to one limit."""
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    env = {
        "DATABASE_URL": database_url(connection),
        **shared_cache,
        "RATE_LIMIT_LOGIN": "3/900",
        "SECURE_HTTPS": "false",
    }
    first, second = start_server(**env), start_server(**env)
    visitor = Visitor()
    assert visitor.get(first, "/admin/login/").status == 200

    # Three failures, alternating: neither server alone has seen more than two.
    for server in (first, second, first):
        reply = visitor.post(server, "/admin/login/", {"username": "editor", "password": "no"})
        assert reply.status == 200
        assert "Please enter the correct username and password" in reply.text

    refused = visitor.post(second, "/admin/login/", {"username": "editor", "password": PASSWORD})
    assert refused.status == 429
    assert "Too many failed sign-in attempts" in refused.text
    assert "sessionid" not in visitor.cookies

    other_visitor = Visitor()
    other_visitor.get(first, "/admin/login/")
    also_refused = other_visitor.post(
        first, "/admin/login/", {"username": "Editor", "password": PASSWORD}
    )
    assert also_refused.status == 429
