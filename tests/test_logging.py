import json
import logging
import os
import subprocess
import sys
import time

import pytest
from django.test import Client, RequestFactory

from breakingeven.logs import JsonFormatter, MaskEmailsFilter, mask_emails
from tests.servers import PROJECT, Visitor, python_output


def record(message, *args, exc_info=None, **extra):
    entry = logging.LogRecord("django.request", logging.ERROR, __file__, 1, message, args, exc_info)
    entry.__dict__.update(extra)
    return entry


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("jane.doe@example.com", "j***@example.com"),
        ("Signup from Jane+news@mail.example.co.uk.", "Signup from J***@mail.example.co.uk."),
        ("a@b.io and x.y@z.org", "a***@b.io and x***@z.org"),
        ("/newsletter/?email=jane%40example.com", "/newsletter/?email=j***%40example.com"),
        ("no address, just @handles and 5@", "no address, just @handles and 5@"),
        ("Refused: {'\"a\\x0bb\"@example.com': (550,)}", "Refused: {'***@example.com': (550,)}"),
        ('To: "jane doe"@example.com', "To: ***@example.com"),
        ("jöhn.dœ@exämple.com", "j***@exämple.com"),
        ("root@[192.0.2.1]", "r***@[192.0.2.1]"),
        ("x" * 100 + "@example.com", "x***@example.com"),
        ("to .jane@example.com and a..b@example.com", "to j***@example.com and a***@example.com"),
    ],
)
def test_mask_emails(text, masked):
    """Every form of address keeps at most its first letter and its domain; nothing else changes."""
    assert mask_emails(text) == masked


# Strings a visitor can put in a URL or a header, each ending where no address can be found:
# tried from every position, each took minutes to search.
HOSTILE = [
    "a" * 200_000 + "@",
    "a." * 100_000 + "@",
    '"\\' * 100_000 + "@",
    "a@" + "b" * 200_000,
    "a@[" * 70_000,
]


def test_masking_a_hostile_line_stays_linear():
    """A long run that cannot end in an address is searched once, not from each position:
    the five lines above are masked within the (generous) time a hang would overrun."""
    code = (
        "import sys; sys.path.insert(0, '.');"
        "from breakingeven.logs import mask_emails;"
        "from tests.test_logging import HOSTILE;"
        "[mask_emails(line) for line in HOSTILE];"
        "print(mask_emails('x' * 50_000 + ' jane@example.com'))"
    )
    printed = python_output(code, DJANGO_SETTINGS_MODULE="")
    assert printed.strip().endswith(" j***@example.com")


def test_filter_masks_every_field_of_an_access_log_record():
    """gunicorn passes its fields as a dict; one holding an address is masked, others kept."""
    entry = record('"%(r)s" %(s)s', {"r": "GET /?to=jane@example.com HTTP/1.1", "s": "200"})
    entry.args["{user-agent}i"] = "bot (ops@example.com)"
    assert MaskEmailsFilter().filter(entry)
    assert entry.args["r"] == "GET /?to=j***@example.com HTTP/1.1"
    assert entry.args["{user-agent}i"] == "bot (o***@example.com)"
    assert entry.args["s"] == "200"


def test_filter_masks_addresses_in_the_message_and_the_traceback():
    """Neither a log message's arguments nor its traceback let an address through."""
    try:
        raise ValueError("duplicate key: reader@example.com")
    except ValueError:
        entry = record("Signup failed for %s", "reader@example.com", exc_info=sys.exc_info())
    assert MaskEmailsFilter().filter(entry)
    line = json.loads(JsonFormatter().format(entry))
    assert line["message"] == "Signup failed for r***@example.com"
    assert "r***@example.com" in line["exception"]
    assert "reader@example.com" not in json.dumps(line)


def test_json_line_carries_time_level_logger_message_and_request():
    """Each line is one JSON object with the fields a log search needs."""
    request = RequestFactory().post("/newsletter/signup/")
    entry = record("Bad Request: %s", request.path, request=request, status_code=400)
    line = json.loads(JsonFormatter().format(entry))
    assert line["level"] == "ERROR"
    assert line["logger"] == "django.request"
    assert line["message"] == "Bad Request: /newsletter/signup/"
    assert (line["method"], line["path"], line["status"]) == ("POST", "/newsletter/signup/", 400)
    assert line["time"].endswith("+00:00")
    assert "\n" not in JsonFormatter().format(entry)


def test_site_logs_json_lines_with_addresses_masked_on_stdout():
    """With the site's settings, a log call comes out on stdout as masked JSON."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    code = (
        "import logging; "
        "logging.getLogger('newsletter').warning('Bounce from %s', 'reader@example.com')"
    )
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=PROJECT,
        env={**env, "SECRET_KEY": "logging-test-key"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    bounce = next(line for line in lines if line["logger"] == "newsletter")
    assert bounce["level"] == "WARNING"
    assert bounce["message"] == "Bounce from r***@example.com"
    assert "reader@example.com" not in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.urls("tests.urls")
def test_unhandled_error_mails_admins_and_shows_the_500_page(settings, mailoutbox):
    """A crash in a view emails ADMINS (plain text, addresses masked) and shows the 500 page."""
    settings.ADMINS = ["ops@breakingeven.example.com"]
    response = Client(raise_request_exception=False).get("/test/fail/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'class="site-header"' in page
    assert "Traceback" not in page
    [mail] = mailoutbox
    assert mail.to == ["ops@breakingeven.example.com"]
    assert "Internal Server Error: /test/fail/" in mail.subject
    assert "RuntimeError" in mail.body
    assert "j***@example.com" in mail.body
    assert "jane.doe@example.com" not in mail.body
    assert mail.alternatives == []


@pytest.mark.urls("tests.urls")
def test_no_error_mail_without_admins(settings, mailoutbox):
    """With ADMINS unset, a crash is only logged."""
    settings.ADMINS = []
    assert Client(raise_request_exception=False).get("/test/fail/").status_code == 500
    assert mailoutbox == []


def test_gunicorn_logs_json_lines_with_addresses_masked(start_server, tmp_path):
    """gunicorn's own log and its access log come out as the site's masked JSON lines, and the
    access log leaves out the visitor's address."""
    server = start_server(
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}", SECURE_HTTPS="false"
    )
    assert Visitor().get(server, "/robots.txt?from=reader@example.com").status == 200
    lines = log_lines_once(server, lambda line: line["logger"] == "gunicorn.access")
    [access] = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert (access["method"], access["path"], access["status"]) == ("GET", "/robots.txt", 200)
    assert "r***@example.com" in access["message"]
    assert "127.0.0.1" not in access["message"]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    assert "reader@example.com" not in server.log()


def log_lines_once(server, wanted, timeout=15):
    """The server's JSON log lines, once one of them is `wanted` (the worker logs a request
    just after answering it)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
        if any(wanted(line) for line in lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)
