"""Real server processes for tests that need more than the test client: gunicorn on loopback,
a visitor that speaks HTTP to it, a TCP relay that can cut the database away, and a server
that accepts connections and never answers."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.smtp import free_port

PROJECT = Path(__file__).resolve().parent.parent


def python_output(code, *, timeout=60, **env):
    """What `code` prints in a fresh interpreter at the project's root, with `env` added.

    For inputs that once made a search run for minutes: past `timeout` seconds the test fails
    (TimeoutExpired) instead of hanging the run.
    """
    result = subprocess.run(  # noqa: S603 (the test's own code)
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return result.stdout


# Several may run at once, so none of them opens gunicorn's control socket (one path per user).
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--no-control-socket"]
START_TIMEOUT = 60  # seconds for gunicorn to import Django and answer; generous on a busy machine


class Server:
    """One gunicorn process (one worker) on a free loopback port."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [*GUNICORN, "breakingeven.wsgi"],
            cwd=PROJECT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "1"},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_listening(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start in {START_TIMEOUT}s:\n{self.log()}")

    def log(self):
        self._log.flush()
        return Path(self.log_path).read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


@dataclass
class Reply:
    status: int
    headers: dict
    text: str


class Visitor:
    """A browser stand-in: keeps cookies, never follows redirects."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, form=None, headers=None):
        body = urlencode(form).encode() if form is not None else None
        sent_headers = {"Host": "127.0.0.1", **(headers or {})}
        if body is not None:
            sent_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent_headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            text = response.read().decode(errors="replace")
            return Reply(response.status, dict(response.headers), text)
        finally:
            connection.close()

    def get(self, server, path, **kwargs):
        return self.request(server, "GET", path, **kwargs)

    def post(self, server, path, form, **kwargs):
        """POST a form with the CSRF token from the cookie, as a browser's form would."""
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
        return self.request(server, "POST", path, form=form, **kwargs)


class TcpRelay:
    """Relays loopback connections to `target`; cut() drops them all and refuses new ones."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self._sockets = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._accepting = None

    def start(self):
        self._stop.clear()
        listener = socket.create_server(("127.0.0.1", self.port))  # reuses the port at once
        listener.settimeout(0.1)
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()
        return self

    def cut(self):
        """Like a database host vanishing: open connections drop, new ones are refused."""
        self._stop.set()
        self._accepting.join(timeout=5)
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    restore = start

    def _accept(self, listener):
        with listener:
            while not self._stop.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    _close(client)
                    continue
                client.settimeout(None)
                upstream.settimeout(None)
                with self._lock:
                    self._sockets |= {client, upstream}
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


class SilentServer:
    """Accepts TCP connections on loopback and never says a word: a hung database or mail
    server, as opposed to one that is down (which refuses connections at once)."""

    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self._listener.getsockname()[1]
        self._held = []
        self._stop = threading.Event()
        self._listener.settimeout(0.1)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(client)  # kept open, never read from or written to

    def close(self):
        self._stop.set()
        self._listener.close()
        for sock in self._held:
            _close(sock)


def _pump(source, sink):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock):
    with contextlib.suppress(OSError):  # already closed by the other direction
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def server_env(**overrides):
    """Production-like settings for a server process; tests override what they need."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "GUNICORN_", "SECURE_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="server-process-test-key-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="locmem://",
        TASKS_BACKEND="immediate",
        CONN_MAX_AGE="60",
        LOG_LEVEL="INFO",
    )
    env.update(overrides)
    return env


def database_url(connection, *, port=None):
    """A DATABASE_URL for the test database `connection` uses, optionally through another port."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{port or db['PORT'] or 5432}/{db['NAME']}"
