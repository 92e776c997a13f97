import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.factories import make_article
from tests.servers import PROJECT, Visitor

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "breakingeven.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://breakingeven.example.com",
    "SITE_URL": "https://breakingeven.example.com",
    "DATABASE_URL": "postgres://breakingeven:secret@db.example.com:5432/breakingeven",
    "CACHE_URL": "redis://cache.example.com:6379/1",
    "EMAIL_URL": "smtp+tls://apikey:secret@smtp.example.com:587",
    "TASKS_BACKEND": "database",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "DEFAULT_FROM_EMAIL": "BreakingEven <newsletter@breakingeven.news>",
    "SERVER_EMAIL": "BreakingEven errors <errors@breakingeven.news>",
}


def check_deploy(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(PRODUCTION, **overrides)
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_is_silent_with_production_settings():
    """With the production environment, `check --deploy` finds nothing at all to warn about."""
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_warns_about_each_production_setting_left_out():
    """No HTTPS, a cache inside one process, tasks run in requests: each is its own warning."""
    result = check_deploy(
        SECURE_HTTPS="false", CACHE_URL="locmemcache://", TASKS_BACKEND="immediate"
    )
    assert result.returncode != 0
    for warning in (
        "security.W004",  # HSTS
        "security.W008",  # redirect to HTTPS
        "security.W012",  # Secure session cookie
        "security.W016",  # Secure CSRF cookie
        "breakingeven.W001",  # shared cache
        "breakingeven.W002",  # queued tasks
    ):
        assert warning in result.stderr


@pytest.mark.parametrize(
    ("sender", "server"),
    [
        ("BreakingEven <hello@localhost>", "errors@breakingeven.news"),
        ("BreakingEven <newsletter@example.com>", "errors@breakingeven.news"),
        ("BreakingEven <newsletter@breakingeven.example.com>", "errors@breakingeven.news"),
        ("BreakingEven <newsletter@breakingeven.news>", "root@localhost"),
    ],
)
def test_check_deploy_refuses_a_placeholder_sender_domain(sender, server):
    """Mail from localhost or example.com, or Message-IDs naming them, never reach production."""
    result = check_deploy(DEFAULT_FROM_EMAIL=sender, SERVER_EMAIL=server)
    assert result.returncode != 0
    assert "breakingeven.E003" in result.stderr
    assert "reserved for examples and local use" in result.stderr


def test_check_deploy_wants_a_display_name_on_the_sender():
    result = check_deploy(DEFAULT_FROM_EMAIL="newsletter@breakingeven.news")
    assert result.returncode != 0
    assert "breakingeven.W003" in result.stderr


def pages():
    article = make_article()
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "author": article.author.get_absolute_url(),
        "admin login": reverse("admin:login"),
        "missing page": "/no-such-page/",
    }


def test_https_responses_carry_hsts_for_a_year_with_subdomains(client):
    """Every page served over HTTPS tells browsers to use HTTPS for a year, subdomains too."""
    for name, url in pages().items():
        hsts = client.get(url, secure=True).headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts, name
        assert "includeSubDomains" in hsts, name


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ],
)
def test_every_page_carries_the_security_header(client, header, value):
    """Each security header is on every kind of page, errors included."""
    for name, url in pages().items():
        assert client.get(url, secure=True).headers.get(header) == value, name


def test_csrf_cookie_is_secure_httponly_and_same_site(client):
    """The CSRF cookie is sent only over HTTPS, hidden from scripts and kept to this site."""
    cookie = client.get(reverse("admin:login"), secure=True).cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_cookie_is_secure_httponly_and_same_site(client, django_user_model):
    """The editor's session cookie is sent only over HTTPS, hidden from scripts, same-site."""
    django_user_model.objects.create_user("editor", password="a-long-password", is_staff=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a-long-password"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_real_server_redirects_to_https_and_trusts_the_proxy_header(start_server, tmp_path):
    """Behind a TLS proxy, plain HTTP is sent to HTTPS and proxied HTTPS is served with HSTS."""
    server = start_server(
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        # gunicorn must not apply the header itself: this shows Django's setting doing it.
        FORWARDED_ALLOW_IPS="",
    )
    visitor = Visitor()

    plain = visitor.get(server, "/admin/login/")
    assert plain.status == 301
    assert plain.headers["Location"] == "https://127.0.0.1/admin/login/"

    proxied = visitor.get(server, "/admin/login/", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status == 200
    assert "max-age=31536000" in proxied.headers["Strict-Transport-Security"]
    assert "Secure" in proxied.headers["Set-Cookie"]

    stylesheet = visitor.get(server, "/static/css/site.css", headers={"X-Forwarded-Proto": "https"})
    assert stylesheet.status == 200
    assert stylesheet.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert stylesheet.headers["X-Content-Type-Options"] == "nosniff"
