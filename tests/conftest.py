from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone


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
    """Uploads go to a temporary folder; static files are served unhashed (no collectstatic)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# What a resident's phone sends; Django's test client sends no User-Agent, which counts as a bot.
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def client():
    """A resident's browser: a phone's User-Agent, and cookies kept between requests."""
    return Client(HTTP_USER_AGENT=PHONE_BROWSER)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def yesterday(now):
    return now - timedelta(days=1)


@pytest.fixture
def tomorrow(now):
    return now + timedelta(days=1)
