from datetime import UTC, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import transaction
from django.test import Client, override_settings
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
    config.addinivalue_line(
        "markers",
        "shared_people: (in a module's pytestmark) its tests only read the people fixture's "
        "users, never change them, their groups or passwords, and none is transactional: the "
        "people are made once for the module (_shared_people)",
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


# Tests create many staff accounts; the production hasher would take most of the run.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


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


def _make_people():
    return {name: make_user(name, *groups, email=f"{name}@example.com")
            for name, groups in ROLES.items()}  # fmt: skip


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )


@pytest.fixture(scope="module", autouse=True)
def _shared_people(request):
    """The people of a module marked shared_people, made once for the module, as Django's
    TestCase makes setUpTestData's: in a transaction around the module's tests (each test's
    own is a savepoint inside it), rolled back when the module is done, with every row their
    making wrote (accounts, roles, account states, audit events). They are made a minute
    before the clock starts, so that every test's logins come after their password was set.
    A transactional test commits and then empties every table: it cannot share them."""
    if not request.node.get_closest_marker("shared_people"):
        yield
        return
    committing = [item.name for item in request.session.items
                  if item.module is request.module and _transactional(item)]  # fmt: skip
    if committing:
        pytest.fail(f"shared_people, but transactional tests: {', '.join(committing)}")
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        around_the_module = transaction.atomic()
        around_the_module.__enter__()
    try:
        with (
            blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_HASHERS),
            time_machine.travel(FIXED_NOW - timedelta(minutes=1), tick=False),
        ):
            _make_people()
        yield
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            around_the_module.__exit__(None, None, None)


@pytest.fixture
def people(db):
    """One member of staff per role of ROLES (author, reviewer1-3, site_admin, auditor...),
    as stored: made for the test, or, in a module marked shared_people, the module's read
    afresh for each test (what a test did to its objects never reaches the next; what it did
    to their rows rolls back with it)."""
    return _make_people()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The static files collected once, as production serves them (hashed names, WhiteNoise),
    for the tests that run gunicorn with the production settings."""
    root = tmp_path_factory.mktemp("static")
    manage(production_env("sqlite:///:memory:", root), "collectstatic", "--noinput", "-v0")
    return root
