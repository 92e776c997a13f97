"""Log lines as JSON on stdout, with email addresses masked.

One JSON object per line is what log collectors (journald, container runtimes, hosted log
search) parse without configuration. Nothing here reads settings on import, so gunicorn's
master process can use it too (see gunicorn.conf.py).
"""

import hashlib
import json
import logging
import re
from datetime import UTC, datetime

from django.conf import settings
from django.utils.log import AdminEmailHandler

# Error reports: one mail per subject per window, and this many mails per window in all.
ERROR_REPORT_WINDOW = 600
ERROR_REPORTS_PER_WINDOW = f"10/{ERROR_REPORT_WINDOW}"

# Every form an address takes in a log line or an error report: a plain or quoted local part
# (any letters), "@" or its URL-encoded "%40", and a domain or an address literal. Plain local
# parts leave out the few characters RFC 5322 allows that mostly surround addresses in logs
# (quotes, "/", "=", "?", "&"), so a URL's path or query is not taken for one.
# A local part is only tried from the start of a run of its characters (and a quoted one not
# after a backslash), which keeps the search linear: tried from every position, a long header
# or URL ending in "@" took seconds of CPU per log line.
_ATEXT = r"[\w!#$%*+^~-]"
EMAIL = re.compile(
    rf'(?:(?<!\\)(?P<quoted>"(?:[^"\\]|\\.)*")'
    rf"|(?<![\w!#$%*+^~.-])\.*(?P<first>{_ATEXT})(?:\.*{_ATEXT})*)"
    r"(?P<at>@|%40)"
    r"(?P<domain>[\w-]+(?:\.[\w-]+)+|\[[^[\]\s]*\])"
)


def stdout_config(*, level, loggers, filters=None, handlers=None):
    """A logging dictConfig whose root writes masked JSON lines to stdout.

    The one definition behind both Django's LOGGING and gunicorn's logconfig_dict; each adds
    its own loggers, and Django its mail to ADMINS.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"mask_emails": {"()": "breakingeven.logs.MaskEmailsFilter"}, **(filters or {})},
        "formatters": {"json": {"()": "breakingeven.logs.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["mask_emails"],
            },
            **(handlers or {}),
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": loggers,
    }


def mask_emails(text):
    """'jane.doe@example.com' -> 'j***@example.com': enough to tell addresses apart in a log.

    A quoted local part is hidden whole: it may hold spaces and control characters.
    """
    # Most lines hold no address, and this test costs far less than the search.
    if "@" not in text and "%40" not in text:
        return text
    return EMAIL.sub(_masked, text)


def _masked(match):
    first = "" if match["quoted"] else match["first"]
    return f"{first}***{match['at']}{match['domain']}"


class MaskEmailsFilter(logging.Filter):
    """Rewrite each record's message and traceback with email addresses masked.

    Rewriting the record, not just one handler's output, keeps every handler after this
    one (including mail to ADMINS) free of readers' addresses too.
    """

    def filter(self, record):
        if isinstance(record.args, dict):  # named fields, e.g. gunicorn's access log
            for name, value in record.args.items():
                if isinstance(value, str):
                    record.args[name] = mask_emails(value)
        else:
            record.msg = mask_emails(record.getMessage())
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_emails(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the request when known."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Django's request loggers attach the request and the response status.
        request = getattr(record, "request", None)
        if hasattr(request, "path"):
            line["method"] = request.method
            line["path"] = request.path
        if getattr(record, "status_code", None) is not None:
            line["status"] = record.status_code
        # gunicorn's access log passes its fields ("atoms") as the record's arguments.
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            line.update(
                method=record.args.get("m"),
                path=record.args.get("U"),
                status=int(record.args.get("s") or 0) or None,
                duration_ms=int(record.args.get("M") or 0),
            )
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


class MaskedAdminEmailHandler(AdminEmailHandler):
    """Error reports to ADMINS with readers' addresses masked, in the report's request data too.

    The request only builds the report and queues it (breakingeven.tasks.send_error_report):
    mailed inside the request, a slow or failing mail server made the request slow or failed
    it. The same report (same subject) is queued once per ERROR_REPORT_WINDOW, and at most
    ERROR_REPORTS_PER_WINDOW reports in all, so a burst of errors sends a few mails, not one
    per request.
    """

    def emit(self, record):
        # AdminEmailHandler skips this check itself only while send_mail() is its own.
        if not settings.ADMINS:
            return
        try:
            super().emit(record)
        except Exception:
            # Never the request's problem: the record is already on stdout.
            self.handleError(record)

    def send_mail(self, subject, message, *args, **kwargs):
        # Imported here: this module is also gunicorn's, before Django is set up.
        from .ratelimit import hit
        from .tasks import send_error_report

        subject, message = mask_emails(subject), mask_emails(message)
        digest = hashlib.sha256(subject.encode()).hexdigest()
        first = hit("error-report", digest, rate=f"1/{ERROR_REPORT_WINDOW}")
        if first and hit("error-reports", "all", rate=ERROR_REPORTS_PER_WINDOW):
            send_error_report.enqueue(subject, message)
