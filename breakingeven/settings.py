"""Settings for BreakingEven, read from the environment (and an optional .env file).

Every variable is listed and explained in .env.example. Development needs none of them:
DEBUG=true gives a SQLite database, a local-memory cache, console email and immediate tasks.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from breakingeven import logs

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site refuses to start without one: set "
            "SECRET_KEY in the environment or in .env (see .env.example), or set DEBUG=true "
            "for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "BreakingEven"

# HTTPS: on unless DEBUG, so a production site that forgets the variable is still safe.
# SECURE_HTTPS=false only for a deployment that really serves plain HTTP (never on the internet).
SECURE_HTTPS = env.bool("SECURE_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000) if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS and env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
# Behind a proxy or load balancer that ends TLS, name the header it sets on HTTPS requests
# (e.g. X-Forwarded-Proto). The proxy must overwrite that header on every request it passes on.
_proxy_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
# How many proxies in front of the site append to X-Forwarded-For; 0 = clients connect directly.
# Rate limits need the visitor's own address, not the load balancer's.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Only connections from these addresses (or networks, or "*") may say who the visitor is in
# X-Forwarded-For; gunicorn reads the same variable for its own X-Forwarded-* headers.
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1"])

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token, and scripts send the form's own field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "breakingeven.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The platform page's covering index (platforms.PayReport) carries extra columns only on
# PostgreSQL; on SQLite, for development, the same index without them serves.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Request bodies: form fields are capped by Django (answered 400); whole requests, uploads
# included, by RequestSizeLimitMiddleware (answered 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_SIZE = env.int("MAX_REQUEST_SIZE", default=20 * 1024 * 1024)
# Staff only: room for a camera file over IMAGE_MAX_UPLOAD_SIZE, which the form then refuses.
EDITOR_MAX_REQUEST_SIZE = env.int("EDITOR_MAX_REQUEST_SIZE", default=100 * 1024 * 1024)

INSTALLED_APPS = [
    "breakingeven.apps.SiteConfig",
    "breakingeven.apps.ThrottledAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_tasks_db",
    "anymail",
    "articles",
    "comments",
    "newsletter",
    "platforms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "breakingeven.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "breakingeven.middleware.OutageMiddleware",
    "breakingeven.middleware.NulCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Both after AuthenticationMiddleware (the limit depends on who asks), and before any
    # middleware or view reads the body.
    "breakingeven.middleware.RequestSizeLimitMiddleware",
    "breakingeven.middleware.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "breakingeven.urls"
WSGI_APPLICATION = "breakingeven.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "breakingeven.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise (PostgreSQL in
# production and CI). Health checks let the site recover by itself after a database outage.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# QuerySet.iterator() (a form's choices among others) reads plain rows rather than through a
# server-side cursor: a cursor kept between statements breaks behind a transaction pooler,
# and three round trips for a list of a few rows cost more than they save.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Nothing is prepared or bound on the server, so any connection pooler works in front,
# PgBouncer in transaction mode included (README, "Scaling out").
# A database that accepts connections but never answers (overloaded, hung, a half-open
# network path) would otherwise hold each request until gunicorn kills the worker: give up
# connecting after DATABASE_CONNECT_TIMEOUT seconds, and end any statement still running
# after DATABASE_STATEMENT_TIMEOUT. Both answer the 503 page (OutageMiddleware).
# The statement timeout is a startup option, which PgBouncer refuses: 0 sends none.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    if _statement_seconds := env.int("DATABASE_STATEMENT_TIMEOUT", default=20):
        _options["options"] = f"-c statement_timeout={_statement_seconds * 1000}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) in production keeps rate limits and cached fragments consistent
# across gunicorn workers and hosts.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://breakingeven")}
# Lets sites (or test runs) share one Redis without touching each other's keys.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Cheaper per call, and serves pages uncached while Redis is away (breakingeven/cache.py).
    CACHES["default"]["BACKEND"] = "breakingeven.cache.RedisCache"
    # A Redis that accepts connections but never answers must not hold a request for long.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site and its admin are in English only. Without translation, Django skips looking up
# the active language, which every URL it builds and every number it prints would do (about
# a twentieth of an uncached article page's time).
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded pictures (breakingeven/images.py): larger files, or more pixels (a small file can
# decode to a huge image), are refused on the form.
IMAGE_MAX_UPLOAD_SIZE = env.int("IMAGE_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


def media_storage(bucket, *, endpoint_url, region, custom_domain):
    """STORAGES["default"] on S3-compatible object storage, and the origin its files load from.

    Files are public and their URLs unsigned, so pages (and caches) can keep them; every
    stored name changes with its content, so each may be cached for a year.
    """
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "custom_domain": custom_domain or None,
        "querystring_auth": False,
        "file_overwrite": True,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    if custom_domain:
        origin = f"https://{custom_domain.split('/')[0]}"
    elif endpoint_url:
        # Any endpoint but AWS's own is addressed by path: bucket names in host names need DNS.
        options["addressing_style"] = "path"
        parts = urlsplit(endpoint_url)
        origin = f"{parts.scheme}://{parts.netloc}"
    else:
        # Named outright: boto3 would link the global address, which the CSP would not allow
        # beside a region's and which opt-in regions do not answer.
        host = f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"
        options["custom_domain"] = host
        origin = f"https://{host}"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, origin


# Several hosts keep uploaded pictures in one bucket instead of MEDIA_ROOT. Credentials come
# from boto3's usual places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the instance role).
MEDIA_BUCKET = env.str("MEDIA_BUCKET", default="")
MEDIA_ORIGIN = None
if MEDIA_BUCKET:
    STORAGES["default"], MEDIA_ORIGIN = media_storage(
        MEDIA_BUCKET,
        endpoint_url=env.str("MEDIA_ENDPOINT_URL", default=""),
        region=env.str("MEDIA_REGION", default=""),
        custom_domain=env.str("MEDIA_CUSTOM_DOMAIN", default=""),
    )


# Email providers' sending APIs, through django-anymail: EMAIL_URL=<provider>://<key>@<host>.
# The key is the provider's API key or token; the host part names what each provider needs
# besides (see provider_options); query parameters pass any other anymail option.
EMAIL_PROVIDERS = {
    "amazon-ses": "anymail.backends.amazon_ses.EmailBackend",
    "brevo": "anymail.backends.brevo.EmailBackend",
    "mailgun": "anymail.backends.mailgun.EmailBackend",
    "mailjet": "anymail.backends.mailjet.EmailBackend",
    "postal": "anymail.backends.postal.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
    "resend": "anymail.backends.resend.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
    "sparkpost": "anymail.backends.sparkpost.EmailBackend",
}


def provider_options(provider, parts):
    """The anymail options EMAIL_URL gives for `provider` (its backend's keyword arguments)."""
    key = unquote(parts.username or "")
    options = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    if provider == "amazon-ses":
        # amazon-ses://ACCESS_KEY_ID:SECRET@region, or amazon-ses://region with the usual AWS
        # credentials (environment, instance role); ?endpoint_url= for an SES-compatible API.
        session = {"region_name": parts.hostname or "us-east-1"}
        if key:
            session["aws_access_key_id"] = key
            session["aws_secret_access_key"] = unquote(parts.password or "")
        client = {"endpoint_url": options.pop("endpoint_url")} if "endpoint_url" in options else {}
        return {**options, "session_params": session, "client_params": client}
    if provider == "postmark":
        return {**options, "server_token": key}
    if provider == "mailgun":  # mailgun://KEY@mg.example.org, ?api_url= for the EU region
        return {**options, "api_key": key, "sender_domain": parts.hostname or ""}
    if provider == "mailjet":  # mailjet://API_KEY:SECRET_KEY@
        return {**options, "api_key": key, "secret_key": unquote(parts.password or "")}
    if provider == "postal":  # postal://KEY@postal.example.org
        return {**options, "api_key": key, "api_url": f"https://{parts.netloc.rpartition('@')[2]}"}
    return {**options, "api_key": key}


def mailers_from_url(url):
    """Turn EMAIL_URL into MAILERS: console://, locmem://, smtp://, smtp+tls://, smtp+ssl://,
    or an email provider's API (EMAIL_PROVIDERS)."""
    parts = urlsplit(url)
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme in simple:
        return {"default": {"BACKEND": simple[parts.scheme]}}
    if parts.scheme in EMAIL_PROVIDERS:
        backend = EMAIL_PROVIDERS[parts.scheme]
        return {"default": {"BACKEND": backend, "OPTIONS": provider_options(parts.scheme, parts)}}
    if parts.scheme not in ("smtp", "smtp+tls", "smtp+ssl"):
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {parts.scheme!r}.")
    query = parse_qs(parts.query)
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme],
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": parts.scheme == "smtp+tls",
        "use_ssl": parts.scheme == "smtp+ssl",
        "timeout": int(query.get("timeout", ["10"])[0]),
    }
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


MAILERS = mailers_from_url(env.str("EMAIL_URL", default="console://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="BreakingEven <hello@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = env.list("ADMINS", default=[])
MANAGERS = env.list("MANAGERS", default=ADMINS)

# What providers report back (newsletter/webhooks.py): each provider's tracking webhook is
# mounted at /anymail/<provider>/tracking/ only once its secret is set, so no unauthenticated
# event is ever taken. ANYMAIL_WEBHOOK_SECRET ("user:password", HTTP basic auth in the URL
# given to the provider) guards Amazon SES and Postmark; Mailgun signs with its own key.
ANYMAIL = {
    "WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", default="") or None,
    "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default="") or None,
    # Amazon SNS asks to confirm a new subscription; anymail answers it through boto3.
    "AMAZON_SES_AUTO_CONFIRM_SNS_SUBSCRIPTIONS": True,
}
# A hard bounce or complaint suppresses an address at once; soft bounces when this many
# messages bounced softly within this many days.
SOFT_BOUNCE_LIMIT = env.int("SOFT_BOUNCE_LIMIT", default=3)
SOFT_BOUNCE_WINDOW_DAYS = env.int("SOFT_BOUNCE_WINDOW_DAYS", default=30)

# Logs: one JSON object per line on stdout, email addresses masked. Unhandled errors (and
# anything else logged at ERROR by Django) also go to ADMINS by email when ADMINS is set,
# through the task queue, deduplicated and rate-limited (breakingeven.logs). Requests for
# unknown hosts are only logged: anyone can send any number of them.
LOGGING = logs.stdout_config(
    level=env.str("LOG_LEVEL", default="INFO"),
    filters={"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    handlers={
        "mail_admins": {
            "class": "breakingeven.logs.MaskedAdminEmailHandler",
            "level": "ERROR",
            "include_html": False,
            "filters": ["require_debug_false"],
        },
    },
    loggers={
        "django": {"handlers": ["stdout", "mail_admins"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.security.DisallowedHost": {
            "handlers": ["stdout"],
            "level": "INFO",
            "propagate": False,
        },
    },
)

# Background work goes through Django's tasks API: run at once in development and tests,
# queued in the database and run by `manage.py db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env.str("TASKS_BACKEND", default="immediate")],
    }
}

# A strict Content-Security-Policy: nothing is allowed unless listed, and scripts, styles and
# fetches only come from the site's own files (no inline code, no eval). Images may also come
# from the bucket of uploaded pictures (MEDIA_BUCKET) and from CSP_IMAGE_ORIGINS.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [
        CSP.SELF,
        *([MEDIA_ORIGIN] if MEDIA_ORIGIN else []),
        *env.list("CSP_IMAGE_ORIGINS", default=[]),
    ],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Rate limits as "count/seconds", per visitor; kept in the shared cache.
RATE_LIMITS = {
    "comment": env.str("RATE_LIMIT_COMMENT", default="5/600"),
    "vote": env.str("RATE_LIMIT_VOTE", default="30/60"),
    # Votes without the voter cookie that count, per visitor and article; later ones are
    # kept but left out of the counts (vote stuffing by dropping the cookie).
    "new_voter": env.str("RATE_LIMIT_NEW_VOTER", default="1/86400"),
    "signup": env.str("RATE_LIMIT_SIGNUP", default="5/3600"),
    "login": env.str("RATE_LIMIT_LOGIN", default="5/900"),
    "report": env.str("RATE_LIMIT_REPORT", default="10/3600"),
    "pay_report": env.str("RATE_LIMIT_PAY_REPORT", default="5/3600"),
}

# A published comment this many readers report is hidden until an editor decides on it.
COMMENTS_REPORTS_TO_HIDE = env.int("COMMENTS_REPORTS_TO_HIDE", default=3)

# No pay figure, share or mood is shown for fewer reports than this (k-anonymity).
PAY_MIN_REPORTS = env.int("PAY_MIN_REPORTS", default=5)

# Publish at once a comment (unless it has links) from a browser that posted an approved
# comment with the same address before (comments.tokens.remember_comment).
COMMENTS_AUTO_APPROVE_RETURNING = env.bool("COMMENTS_AUTO_APPROVE_RETURNING", default=True)

LOGIN_URL = "admin:login"
