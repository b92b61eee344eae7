"""Settings from the environment: each case starts a fresh Python with its own environment
(settings are read once per process)."""

import json

import pytest

from tests.processes import ROOT, fresh_python

PRINT_SETTINGS = """
import json
from django.conf import settings
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS", "LANGUAGE_CODE", "TIME_ZONE", "USE_TZ"]
values = {name: getattr(settings, name) for name in names}
values["ENGINE"] = settings.DATABASES["default"]["ENGINE"]
values["DB_NAME"] = str(settings.DATABASES["default"]["NAME"])
values["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
values["COMPLIANCE"] = settings.COMPLIANCE
print(json.dumps(values))
"""
# What the tests' own environment sets (Makefile): each case starts without it.
SETTINGS_ENVIRONMENT = {
    "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "DATABASE_URL", "ALLOWED_HOSTS", "MEDIA_ROOT"}  # fmt: skip


def run_settings(**env):
    return fresh_python("-c", PRINT_SETTINGS, without=SETTINGS_ENVIRONMENT, **env)


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


def test_the_inspections_thresholds_are_settings_of_their_own():
    """settings.COMPLIANCE is declared in settings.py, every threshold from the environment."""
    defaults = json.loads(run_settings(DEBUG="1").stdout)["COMPLIANCE"]
    assert defaults == {"HOME_DAYS": 14, "STALE_COLUMNS": 5, "LONG_STALE_DAYS": 365,
                        "LONG_STALE_COLUMNS": 10, "BLANK_COLUMNS": 5, "WARNING_DAYS": 3,
                        "LIVE_REPORT_ARTICLES": 3000}  # fmt: skip
    changed = json.loads(run_settings(DEBUG="1", COMPLIANCE_STALE_COLUMNS="7").stdout)
    assert changed["COMPLIANCE"] == {**defaults, "STALE_COLUMNS": 7}


def test_the_login_lockout_is_that_of_dengbao_unless_the_environment_says_otherwise():
    code = (
        "from django.conf import settings; print(settings.LOGIN_FAILURES_PER_ACCOUNT,"
        " settings.LOGIN_FAILURES_PER_ADDRESS, settings.LOGIN_LOCKOUT_MINUTES)"
    )
    names = ["LOGIN_FAILURES_PER_ACCOUNT", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_LOCKOUT_MINUTES"]
    default = fresh_python("-c", code, without=names, DEBUG="1")
    assert default.stdout.split() == ["5", "30", "30"], default.stderr
    chosen = fresh_python("-c", code, DEBUG="1", LOGIN_FAILURES_PER_ACCOUNT="3",
                          LOGIN_FAILURES_PER_ADDRESS="20", LOGIN_LOCKOUT_MINUTES="60")  # fmt: skip
    assert chosen.stdout.split() == ["3", "20", "60"], chosen.stderr
