"""Where a page's time goes: cProfile over N requests of one path, in-process through Django's
test client and the production settings, on the database bench/run.py seeded.

    .venv/bin/python bench/profile_page.py /news/123/ --requests 2000 [--top 30]

Each request is a new reader, as in bench/readers.lua (a browser's User-Agent, no cq_seen
cookie yet, an address of its own), so an article page counts every time. The first requests
warm the caches and are not profiled.
"""

import argparse
import cProfile
import os
import pstats
import random
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--settings", default="bench.settings")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE=args.settings, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0", LOG_LEVEL="WARNING",
        TRUSTED_PROXIES="127.0.0.1",
    )  # fmt: skip
    os.environ.setdefault(
        "DATABASE_URL",
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/caiqiao_bench"),
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
    static_root = tempfile.TemporaryDirectory(prefix="caiqiao-profile-")
    os.environ["STATIC_ROOT"] = static_root.name
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    from django.test import Client

    from bench.run import BROWSER

    client = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="127.0.0.1")

    def read():
        client.cookies.clear()
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        response = client.get(args.path, HTTP_X_FORWARDED_FOR=address)
        assert response.status_code == 200, response.status_code

    for _ in range(50):
        read()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        read()
    profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
