import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from breakingeven.settings import mailers_from_url, media_storage

PROJECT = Path(__file__).resolve().parent.parent


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_refuses_to_run_without_secret_key_when_debug_is_off(tmp_path):
    """No DEBUG and no SECRET_KEY: `manage.py check` fails with one clear line."""
    result = run_check()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_in_debug_without_secret_key():
    """Local development needs no configuration at all."""
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_console_email_url():
    """console:// selects the console backend."""
    assert mailers_from_url("console://")["default"]["BACKEND"].endswith("console.EmailBackend")


def test_smtp_tls_email_url_becomes_mailer_options():
    """smtp+tls:// carries host, port, credentials and TLS into MAILERS."""
    mailer = mailers_from_url("smtp+tls://user%40site:p%40ss@mail.example.com:2525")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example.com",
        "port": 2525,
        "username": "user@site",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }


def test_a_percent_encoded_slash_in_an_aws_secret_reaches_the_session():
    """An SES secret's "/", written %2F as .env.example says, is the secret's, not the path's."""
    mailer = mailers_from_url("amazon-ses://AKIAEXAMPLE:ab%2Fcd+ef@eu-west-1")["default"]
    assert mailer["OPTIONS"]["session_params"] == {
        "region_name": "eu-west-1",
        "aws_access_key_id": "AKIAEXAMPLE",
        "aws_secret_access_key": "ab/cd+ef",
    }


def test_unknown_email_scheme_is_refused():
    """A typo in EMAIL_URL stops the site instead of silently dropping mail."""
    with pytest.raises(ImproperlyConfigured):
        mailers_from_url("smtps-typo://host")


def test_every_environment_variable_is_documented():
    """Each variable the settings or gunicorn read is explained in .env.example and the README."""
    sources = (PROJECT / "breakingeven" / "settings.py").read_text()
    sources += (PROJECT / "gunicorn.conf.py").read_text()
    names = set(re.findall(r'env\.\w+\("([A-Z_]+)"', sources))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', sources))
    assert {"SECRET_KEY", "SECURE_HTTPS", "GUNICORN_BIND"} <= names
    example = (PROJECT / ".env.example").read_text()
    readme = (PROJECT / "README.md").read_text()
    assert {n for n in names if f"\n{n}=" not in example} == set()
    assert {n for n in names if f"`{n}" not in readme} == set()


def test_every_variable_in_the_example_is_read():
    """Each variable .env.example sets is read by the settings, gunicorn, Caddy or boto3."""
    sources = (PROJECT / "breakingeven" / "settings.py").read_text()
    sources += (PROJECT / "gunicorn.conf.py").read_text()
    sources += (PROJECT / "deploy" / "Caddyfile").read_text()
    read = set(re.findall(r'(?:env\.\w+\(|os\.environ\.get\()"([A-Z_]+)"', sources))
    read |= set(re.findall(r"\{\$([A-Z_]+)", sources))
    read |= {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # boto3's own
    example = (PROJECT / ".env.example").read_text()
    assert set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE)) - read == set()


def test_gunicorn_instances_open_no_shared_control_socket():
    """gunicorn.conf.py turns off the control socket that two instances on a host would share."""
    printed = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--print-config",
            "breakingeven.wsgi",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert re.search(r"^control_socket_disable\s+= True$", printed, re.MULTILINE), printed


def gunicorn_config(config, **env):
    """gunicorn's settings from `config`, with only `env` of the GUNICORN_ variables set."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")},
        "PYTHONPATH": str(PROJECT),
        **env,
    }
    printed = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(config),
            "--print-config",
            "breakingeven.wsgi",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return dict(re.findall(r"^(\w+)\s+= (.*)$", printed, re.MULTILINE))


def test_gunicorn_listens_where_the_caddyfile_passes_requests():
    """Without GUNICORN_BIND, gunicorn binds the address Caddy proxies to by default."""
    caddyfile = (PROJECT / "deploy" / "Caddyfile").read_text()
    upstream = re.search(r"reverse_proxy \{\$GUNICORN_BIND:([^}]+)\}", caddyfile).group(1)
    assert gunicorn_config(PROJECT / "gunicorn.conf.py")["bind"] == f"['{upstream}']"


def test_gunicorn_reads_the_env_file_beside_it_after_the_environment(tmp_path):
    """gunicorn takes its variables from .env, as the settings and Caddy do; environment first."""
    config = tmp_path / "gunicorn.conf.py"
    config.write_text((PROJECT / "gunicorn.conf.py").read_text())
    (tmp_path / ".env").write_text("GUNICORN_BIND=127.0.0.1:9009\nGUNICORN_TIMEOUT=77\n")
    from_file = gunicorn_config(config)
    assert (from_file["bind"], from_file["timeout"]) == ("['127.0.0.1:9009']", "77")
    assert gunicorn_config(config, GUNICORN_TIMEOUT="45")["timeout"] == "45"


def test_a_statement_timeout_of_zero_sends_no_startup_option():
    """DATABASE_STATEMENT_TIMEOUT=0 leaves out the startup option that PgBouncer refuses."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    for timeout, expected in (("0", None), ("20", "-c statement_timeout=20000")):
        result = subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=PROJECT,
            env={
                **os.environ,
                "SECRET_KEY": "settings-test-key",
                "DATABASE_URL": "postgres://user@127.0.0.1:5432/unused",
                "DATABASE_STATEMENT_TIMEOUT": timeout,
            },
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        options = ast.literal_eval(result.stdout.strip().splitlines()[-1])
        assert options["connect_timeout"] == 3
        assert options.get("options") == expected


@pytest.mark.parametrize(
    ("region", "endpoint_url", "custom_domain"),
    [
        ("", "", ""),
        ("us-east-1", "", ""),
        ("eu-west-1", "", ""),
        ("ap-east-1", "", ""),
        ("", "http://127.0.0.1:9000", ""),
        ("eu-west-1", "", "pictures.example.org"),
    ],
)
def test_pictures_in_a_bucket_are_linked_from_the_origin_the_csp_allows(
    monkeypatch, region, endpoint_url, custom_domain
):
    """Every picture's address in the bucket starts with the origin added to img-src."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    storage, origin = media_storage(
        "pictures", endpoint_url=endpoint_url, region=region, custom_domain=custom_domain
    )
    url = S3Storage(**storage["OPTIONS"]).url("heroes/a-480w.avif")
    assert url.startswith(f"{origin}/"), (url, origin)
