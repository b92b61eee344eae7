"""Production beyond one machine: the deploy check passes with the production settings, the
shared cache goes to Redis and media to an S3-compatible store, by the environment alone."""

import json
import re
import secrets
from pathlib import Path

from tests.processes import REDIS_URL, deploy_check, fresh_python, in_another_process, needs_redis

# Production as docs/operators/production.md sets it: the HTTPS switches and HSTS (with
# includeSubDomains and preload) are the defaults when DEBUG is off, not set here.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "ALLOWED_HOSTS": "www.caiqiao.gov.cn",
}
HTTPS_SWITCHES = [
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "USE_X_FORWARDED_PROTO",
]  # fmt: skip


def test_deploy_check_passes_on_the_production_defaults_and_names_the_old_editor():
    """No warning at all (not one silenced by --fail-level): and the end-of-life CKEditor is
    said, as an INFO with what mitigates it, instead of being silenced."""
    output, code = deploy_check("--fail-level", "WARNING", without=HTTPS_SWITCHES, **PRODUCTION)
    assert code == 0, output
    assert "WARNINGS:" not in output and not re.search(r"^\S*: \(\w+\.W\d+\)", output, re.M), output
    assert "(news.I001) CKEditor 4.22.1" in output and "end-of-life" in output, output
    assert "nh3" in output and "docs/developers/security.md" in output, output


def test_hsts_covers_subdomains_unless_the_operator_turns_it_off():
    hsts = (
        "from django.conf import settings as s\n"
        "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    assert in_another_process(hsts, without=HTTPS_SWITCHES, **PRODUCTION) == "True True"
    off = {**PRODUCTION, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0"}
    assert in_another_process(hsts, without=HTTPS_SWITCHES, **off) == "False False"


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


def test_the_nginx_page_lets_the_largest_accepted_request_through(settings):
    """docs/operators/nginx.md's client_max_body_size holds an attachment at the limit with its
    article form's fields, and a resident's letter with all its files."""
    page = (Path(__file__).parents[2] / "docs/operators/nginx.md").read_text()
    megabytes = re.findall(r"^client_max_body_size (\d+)m;$", page, re.M)
    assert len(megabytes) == 1
    limit = int(megabytes[0]) * 1024 * 1024
    assert limit >= settings.ATTACHMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit >= settings.CASES_MAX_ATTACHMENTS * settings.CASES_ATTACHMENT_MAX_BYTES
    assert limit >= settings.MAX_UPLOAD_BYTES
    assert "\ngzip on;" not in page and "gzip_static on;" in page
