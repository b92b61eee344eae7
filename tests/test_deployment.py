"""Beyond one machine: the shared cache in Redis, media in an S3-compatible store, bulk data."""

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Sum

from news.counting import Reader
from news.models import Article, AuditRecord, DailyViews

from .conftest import PHONE_BROWSER

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_answers(), reason="no Redis on 127.0.0.1:6379: the shared-cache tests need one"
)


def in_another_process(code, **env):
    """Run code in a fresh Python with the project's settings (another app server)."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "caiqiao.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@needs_redis
@pytest.mark.django_db
def test_app_servers_share_the_view_windows_through_redis(settings, rf):
    """A cookieless reader counted by one app server is not counted again by another."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    settings.CACHES = {**settings.CACHES, "default": redis}
    from django.core.cache import cache

    cache.clear()
    request = rf.get("/news/7/", HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR="203.0.113.8")
    assert Reader(request).first_view_in_window(7) is True
    other_server = in_another_process(
        "from django.test import RequestFactory\n"
        "from news.counting import Reader\n"
        f"request = RequestFactory().get('/news/7/', HTTP_USER_AGENT={PHONE_BROWSER!r}, "
        "REMOTE_ADDR='203.0.113.8')\n"
        "print(Reader(request).first_view_in_window(7), Reader(request).first_view_in_window(8))",
        REDIS_URL=REDIS_URL,
    )
    assert other_server == "False True"
    cache.clear()


@needs_redis
def test_with_redis_url_the_default_cache_is_redis_and_pages_stay_local():
    backends = in_another_process(
        "from django.conf import settings\nimport json\n"
        "print(json.dumps({k: v['BACKEND'] for k, v in settings.CACHES.items()}))",
        REDIS_URL=REDIS_URL,
        DEBUG="1",
    )
    assert json.loads(backends) == {
        "default": "django.core.cache.backends.redis.RedisCache",
        "pages": "django.core.cache.backends.locmem.LocMemCache",
    }


def test_media_moves_to_an_s3_compatible_store_by_settings():
    storage = in_another_process(
        "from django.conf import settings\nimport json\n"
        "print(json.dumps(settings.STORAGES['default']))",
        DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="caiqiao-media",
        AWS_S3_ENDPOINT_URL="https://oss.example.cn",
    )
    storage = json.loads(storage)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "caiqiao-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://oss.example.cn"


@pytest.mark.django_db
def test_seed_bulk_makes_public_articles_whose_days_add_up(settings):
    settings.DEBUG = True
    call_command("seed_bulk", articles=250, batch=100, stdout=io.StringIO())
    articles = Article.objects.filter(title__startswith="批量测试文章")
    assert articles.count() == 250
    assert articles.published().count() == 250
    assert AuditRecord.objects.filter(action=AuditRecord.Action.IMPORT).count() == 250
    totals = articles.aggregate(total=Sum("view_count"))["total"]
    assert DailyViews.objects.aggregate(total=Sum("views"))["total"] == totals
    assert not articles.filter(live_revision__isnull=True).exists()
