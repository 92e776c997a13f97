"""gunicorn settings for `make serve`; each can be overridden from the environment or .env."""

import os
import sys
from pathlib import Path

# gunicorn reads this file before it applies --chdir, so the project may not be importable yet.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import environ  # noqa: E402

from breakingeven import logs  # noqa: E402 (needs the path above)

# The same .env as the settings (and Caddy) read, which this file is read before.
environ.Env.read_env(Path(__file__).resolve().parent / ".env")

# Where deploy/Caddyfile passes requests unless GUNICORN_BIND says otherwise.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# One worker more than there are CPUs: a sync worker sits idle while it waits on PostgreSQL
# or Redis, and the extra one keeps the CPUs busy meanwhile (on 2 CPUs, 3 workers served 7%
# more comment posts and 12% more cached articles than 2, and 5% fewer uncached ones).
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (for gunicornc) is one path per user by default, so a second
# instance on the host would take it over from the first. The site does not use it.
control_socket_disable = True

# Logs: JSON lines on stdout like Django's (breakingeven/logs.py). The access log leaves out
# the visitor's address: the site keeps IP addresses only as keyed hashes.
accesslog = "-"
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logconfig_dict = logs.stdout_config(
    level="INFO",
    loggers={
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
)
