"""Settings are read once per process, so each case starts a fresh Python with its own env."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = """
import json
from django.conf import settings
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS", "LANGUAGE_CODE", "TIME_ZONE", "USE_TZ"]
values = {name: getattr(settings, name) for name in names}
values["ENGINE"] = settings.DATABASES["default"]["ENGINE"]
values["DB_NAME"] = str(settings.DATABASES["default"]["NAME"])
values["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
print(json.dumps(values))
"""


def run_settings(**env):
    clean = {key: value for key, value in os.environ.items() if key not in {
        "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "DATABASE_URL", "ALLOWED_HOSTS",
        "MEDIA_ROOT"}}  # fmt: skip
    clean["DJANGO_SETTINGS_MODULE"] = "caiqiao.settings"
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for_and_https_switches_are_then_on():
    values = json.loads(run_settings(SECRET_KEY="x" * 50).stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"]
    assert values["CSRF_COOKIE_SECURE"] and values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert (values["LANGUAGE_CODE"], values["TIME_ZONE"], values["USE_TZ"]) == (
        "zh-hans",
        "Asia/Shanghai",
        True,
    )


def test_each_https_switch_can_be_turned_off_for_plain_http_behind_a_proxy():
    values = json.loads(
        run_settings(
            SECRET_KEY="x" * 50,
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="no",
            SECURE_HSTS_SECONDS="0",
        ).stdout
    )
    assert not any(
        values[name]
        for name in [
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
        ]  # fmt: skip
    )


def test_debug_runs_without_secret_key_and_without_https():
    values = json.loads(run_settings(DEBUG="1").stdout)
    assert values["DEBUG"] is True
    assert not values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.parametrize(
    ("env", "engine", "name"),
    [
        ({}, "django.db.backends.sqlite3", str(ROOT / "db.sqlite3")),
        (
            {"DATABASE_URL": "postgres://town:pw@db.internal:5432/caiqiao"},
            "django.db.backends.postgresql",
            "caiqiao",
        ),
    ],
    ids=["sqlite-default", "postgresql"],
)
def test_database_is_sqlite_by_default_and_postgresql_through_database_url(env, engine, name):
    values = json.loads(run_settings(DEBUG="1", **env).stdout)
    assert (values["ENGINE"], values["DB_NAME"]) == (engine, name)


def test_hosts_and_media_root_come_from_the_environment():
    values = json.loads(
        run_settings(
            DEBUG="1", ALLOWED_HOSTS="www.caiqiao.gov.cn, caiqiao.gov.cn", MEDIA_ROOT="/srv/media"
        ).stdout  # fmt: skip
    )
    assert values["ALLOWED_HOSTS"] == ["www.caiqiao.gov.cn", "caiqiao.gov.cn"]
    assert values["MEDIA_ROOT"] == "/srv/media"


def test_deploy_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            # Without what the browser tests set for themselves (it fails the deploy check).
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "1",
            "SESSION_COOKIE_SECURE": "1",
            "CSRF_COOKIE_SECURE": "1",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
            "SECURE_HSTS_PRELOAD": "1",
            "REDIS_URL": "redis://127.0.0.1:6379/9",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_when_the_cache_is_not_shared():
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "caches"],
        env={**env, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "news.W001" in result.stdout + result.stderr
