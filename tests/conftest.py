import pytest
import redis


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests do not run collectstatic, so templates use unhashed static file names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session", autouse=True)
def plain_http():
    """The test client and the live server speak plain HTTP, so the redirect to HTTPS is off.

    Session-wide, because the live server's middleware reads the setting once when it starts.
    Everything else about HTTPS stays as in production (HSTS on secure requests, Secure
    cookies); tests/test_security_headers.py checks the redirect itself on a real server.
    """
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Production's slow password hash is its defence; tests only need a correct one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and cached fragments never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_inbox(settings):
    """Point the default mailer at a real SMTP server on loopback; yield its inbox."""
    from tests.smtp import start_smtp_server

    controller, inbox = start_smtp_server()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected once, as `make serve` does, for server processes to serve."""
    import subprocess
    import sys

    from tests.servers import PROJECT, server_env

    root = tmp_path_factory.mktemp("static")
    subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT,
        env=server_env(STATIC_ROOT=str(root)),
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture
def start_server(collected_static, tmp_path):
    """Start gunicorn processes on loopback with the given environment; stop them after the test.

    `start_server(DATABASE_URL=..., CACHE_URL=...)` returns a running tests.servers.Server.
    """
    from tests.servers import Server, server_env

    servers = []

    def start(**env):
        env = server_env(STATIC_ROOT=str(collected_static), **env)
        server = Server(env, tmp_path / f"server-{len(servers)}.log")
        servers.append(server)
        return server.wait_until_listening()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def machine_redis():
    """Connect to a database of the machine's Redis by URL; the test fails if none runs."""
    clients = []

    def connect(url):
        client = redis.Redis.from_url(url, socket_timeout=5)
        try:
            client.ping()
        except redis.ConnectionError:
            pytest.fail("Redis must run on 127.0.0.1:6379 for this test (.ci/run starts it).")
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()


@pytest.fixture
def moto_endpoint(tmp_path):
    """moto's standalone server on a free loopback port: AWS's APIs (S3, SES) for real clients."""
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from tests.smtp import free_port

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "moto.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [Path(sys.executable).parent / "moto_server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=1).close()  # noqa: S310 (loopback)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"moto_server exited:\n{log_path.read_text()}")
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start in 15 s")
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=15)
