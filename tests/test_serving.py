"""Pictures on one host: Caddy (deploy/Caddyfile) in front of gunicorn, as `make serve` runs."""

import re
import shutil
import subprocess
import threading
import time
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from articles.demo import photo_jpeg
from tests.factories import make_article
from tests.servers import PROJECT, database_url, free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the server process shares the PostgreSQL test database",
    ),
]


def fetch(port, path, headers=()):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **dict(headers)})
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


@pytest.fixture
def caddy(tmp_path):
    """Start Caddy with the repository's Caddyfile on a free loopback port."""
    executable = shutil.which("caddy")
    if executable is None:
        pytest.fail("Caddy must be installed for this test (.ci/run installs it).")
    processes = []

    def start(*, media_root, upstream_port):
        port = free_port()
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PUBLIC_ADDRESS": f"http://127.0.0.1:{port}",
            "MEDIA_ROOT": str(media_root),
            "GUNICORN_BIND": f"127.0.0.1:{upstream_port}",
        }
        log = open(tmp_path / "caddy.log", "wb")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [executable, "run", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        for _ in range(100):
            try:
                fetch(port, "/media/")
                return port
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.1)
        pytest.fail(f"Caddy did not start:\n{(tmp_path / 'caddy.log').read_text()}")

    yield start
    for process, log in processes:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def test_pictures_are_served_by_the_proxy_with_long_caching(
    caddy, start_server, settings, tmp_path
):
    """A page fetched through Caddy links renditions that Caddy serves, cached and nosniff."""
    article = make_article(hero_alt="Hills")
    article.hero_image.save("hills.jpg", ContentFile(photo_jpeg(width=1600, height=1200)))
    server = start_server(
        DATABASE_URL=database_url(connection),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SECURE_HTTPS="false",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        TRUSTED_PROXY_COUNT="1",
    )
    port = caddy(media_root=settings.MEDIA_ROOT, upstream_port=server.port)

    status, headers, body = fetch(port, article.get_absolute_url())
    assert status == 200
    assert "default-src 'none'" in headers["Content-Security-Policy"]  # the site's own answer
    page = body.decode()
    avif = re.search(r'(/media/heroes/[^\s"]+-800w\.avif) 800w', page).group(1)

    status, headers, body = fetch(port, avif)
    assert status == 200
    assert headers["Content-Type"] == "image/avif"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body[4:12] == b"ftypavif"

    status, headers, _ = fetch(port, article.hero_image.picture.url)
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert fetch(port, "/media/heroes/no-such-picture.jpg")[0] == 404
    assert fetch(port, "/media/../manage.py")[0] in (400, 404)


class HeaderEcho(BaseHTTPRequestHandler):
    """Answers each request with the headers it came with, one per line."""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        body = "".join(f"{name}: {value}\n" for name, value in self.headers.items()).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_proxy_replaces_forwarded_headers_it_receives(caddy, tmp_path):
    """Caddy sends its own X-Forwarded-For and -Proto: a balancer in front must reach gunicorn."""
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), HeaderEcho)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        port = caddy(media_root=tmp_path, upstream_port=upstream.server_address[1])
        forwarded = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
        status, _, body = fetch(port, "/", headers=forwarded)
    finally:
        upstream.shutdown()
        upstream.server_close()
    assert status == 200
    received = body.decode()
    assert "X-Forwarded-For: 127.0.0.1\n" in received
    assert "X-Forwarded-Proto: http\n" in received
    assert "203.0.113.7" not in received
