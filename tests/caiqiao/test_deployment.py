"""Production beyond one machine: the deploy check passes with the production settings, the
shared cache goes to Redis and media to an S3-compatible store, by the environment alone."""

import json
import secrets

from tests.processes import REDIS_URL, deploy_check, fresh_python, in_another_process, needs_redis

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SECURE_SSL_REDIRECT": "1",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
}


def test_deploy_check_passes_with_production_settings():
    output, code = deploy_check("--fail-level", "WARNING", **PRODUCTION)
    assert code == 0, output


def test_deploy_check_refuses_a_demonstration_site():
    output, code = deploy_check(**PRODUCTION, DEMO_SITE="1")
    assert code != 0 and "accounts.E002" in output, output


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


def test_the_benchmarks_site_starts():
    """bench/ serves the site plus its floor view: its settings and URLs load (make bench)."""
    result = fresh_python("manage.py", "check", "--settings", "bench.settings", DEBUG="1")
    assert result.returncode == 0, result.stderr
