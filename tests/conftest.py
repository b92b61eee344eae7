from datetime import UTC, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from tests.factories import FIXED_NOW, PHONE_BROWSER, ROLES, make_user
from tests.processes import manage, production_env


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "real_clock: the test runs on the wall clock, not on FIXED_NOW: it hands what depends "
        "on the time (cookies, sessions) between its own process and a server of another "
        "process, which runs on the wall clock",
    )


@pytest.fixture(autouse=True)
def clock(request):
    """The instant the test starts at: FIXED_NOW (tests/factories.py), from which time goes on
    (tick), so that what measures a duration still sees one pass. Other processes (gunicorn,
    fresh_python, manage) and the browser are not travelled: tests that hand times to them
    run on the wall clock (the real_clock marker; tests/e2e overrides this fixture)."""
    if request.node.get_closest_marker("real_clock"):
        yield timezone.now()
        return
    with time_machine.travel(FIXED_NOW, tick=True):
        yield FIXED_NOW.astimezone(UTC)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The caches live in this process (LocMem) and outlast the rollback of each test.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Tests create many staff accounts; the production hasher would take most of the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploads and attachments go to temporary folders; static files are served unhashed (no
    collectstatic)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "attachments"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def client():
    """A resident's browser: a phone's User-Agent, and cookies kept between requests."""
    return Client(HTTP_USER_AGENT=PHONE_BROWSER)


@pytest.fixture
def now(clock):
    """When the test starts (FIXED_NOW, unless the test runs on the real clock), as
    timezone.now() gives it."""
    return clock


@pytest.fixture
def yesterday(now):
    return now - timedelta(days=1)


@pytest.fixture
def tomorrow(now):
    return now + timedelta(days=1)


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True)


@pytest.fixture
def people(db):
    """One member of staff per role of ROLES (author, reviewer1-3, site_admin, auditor...)."""
    return {name: make_user(name, *groups, email=f"{name}@example.com")
            for name, groups in ROLES.items()}  # fmt: skip


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The static files collected once, as production serves them (hashed names, WhiteNoise),
    for the tests that run gunicorn with the production settings."""
    root = tmp_path_factory.mktemp("static")
    manage(production_env("sqlite:///:memory:", root), "collectstatic", "--noinput", "-v0")
    return root
