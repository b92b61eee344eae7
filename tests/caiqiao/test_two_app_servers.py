"""Two app servers behind one address (docs/operators/production.md): two gunicorn instances on
different ports, one PostgreSQL database and one Redis. The view count is exact across them,
a withdrawal through one is gone from both within the documented lag, and a login on one holds
on the other."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg2
import pytest

from tests.factories import PHONE_BROWSER
from tests.processes import ROOT, AppServer, manage, needs_redis, production_env

pytestmark = [
    needs_redis,
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="runs with the PostgreSQL run of the suite",
    ),
    # The browsers' cookie jars (http.cookiejar) age the session cookie on this process's
    # clock; the servers run on the wall clock.
    pytest.mark.real_clock,
]

REDIS = "redis://127.0.0.1:6379/8"
LIST_LAG = 5  # LIST_CACHE_SECONDS, the documented lag of list pages

SETUP = """
import django; django.setup()
from datetime import timedelta
from django.contrib.auth.models import Group
from accounts.models import User
from django.core.cache import cache
from django.utils import timezone
from news import services
from news.models import Article, Column
cache.clear()
column = Column.objects.create(name="通知公告", slug="tzgg")
author = User.objects.create_user("author", password="x-long-password", is_staff=True)
author.groups.add(Group.objects.get(name="撰稿人"))
admin = User.objects.create_user("guanli", password="site-admin-pass-27", is_staff=True)
admin.groups.add(Group.objects.get(name="站点管理员"))
article = services.article_import_published(
    article=Article(column=column, title="关于冬季用电安全的通知", body="<p>正文</p>"),
    by=author, publish_at=timezone.now() - timedelta(hours=1), reason="测试")
print(article.pk)
"""


class Browser:
    """A resident's or an editor's browser: its own cookies, for whichever server it asks."""

    def __init__(self, user_agent=PHONE_BROWSER, keep_cookies=True):
        handlers = [urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())]
        self.opener = urllib.request.build_opener(*handlers if keep_cookies else [])
        self.opener.addheaders = [("User-Agent", user_agent)]
        self.cookies = handlers[0].cookiejar

    def open(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=10) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), url

    def csrf(self):
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def post_form(self, url, fields):
        self.open(url)  # the form, and its CSRF cookie
        return self.open(url, {**fields, "csrfmiddlewaretoken": self.csrf()})


def stored_count(database_url, article_id):
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT view_count FROM news_article WHERE id = %s", [article_id])
        return cursor.fetchone()[0]


@pytest.fixture
def database():
    admin_url = "postgres://postgres@127.0.0.1:5432/postgres"
    name = f"caiqiao_two_servers_{os.getpid()}"
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def test_two_app_servers_share_counts_withdrawals_and_logins(database, static_root, tmp_path):
    env = production_env(database, static_root, REDIS_URL=REDIS, MEDIA_ROOT=str(tmp_path),
                         LIST_CACHE_SECONDS=str(LIST_LAG))  # fmt: skip
    manage(env, "migrate", "--noinput", "-v0")
    setup = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    article_id = int(setup.stdout.split()[-1])
    article, listing = f"/news/{article_id}/", "/news/column/tzgg/"

    with AppServer(env) as one, AppServer(env) as two:
        servers = [one, two]
        # Ten residents behind one address, each reading on both servers: counted once each.
        for n in range(10):
            resident = Browser(user_agent=f"{PHONE_BROWSER} Resident/{n}")
            for server in servers:
                assert resident.open(server.url + article)[0] == 200
        # A browser that keeps no cookies is known by its address and User-Agent, its window
        # in the shared Redis: once, whichever server it reaches.
        cookieless = Browser(user_agent=PHONE_BROWSER + " Cookieless/1", keep_cookies=False)
        for server in servers * 2:
            assert cookieless.open(server.url + article)[0] == 200
        assert stored_count(database, article_id) == 11
        shown = re.search(r'class="view-count">(\d+)<', Browser().open(two.url + article)[1])
        assert shown[1] == "12"  # that reader included

        # An editor logs in on one and goes on working on the other.
        editor = Browser(user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36")
        status, _body, landed = editor.post_form(
            one.url + "/admin/login/",
            {"username": "guanli", "password": "site-admin-pass-27", "next": "/admin/"},
        )
        assert landed.endswith("/admin/"), landed
        status, body, landed = editor.open(two.url + "/admin/")
        assert (status, landed) == (200, two.url + "/admin/") and "guanli" in body

        # Withdrawn through one server: the article page is gone from both at once, the lists
        # within LIST_CACHE_SECONDS.
        for server in servers:
            assert "关于冬季用电安全的通知" in Browser().open(server.url + listing)[1]
        withdraw = f"{one.url}/admin/news/article/{article_id}/workflow/withdraw/"
        editor.post_form(withdraw, {"reason": "通知已过期"})
        withdrawn_at = time.monotonic()
        for server in servers:
            assert Browser().open(server.url + article)[0] == 404
        gone = {}
        while len(gone) < 2 and time.monotonic() - withdrawn_at < LIST_LAG + 5:
            for server in servers:
                page = Browser().open(server.url + listing)[1]
                if server.port not in gone and "关于冬季用电安全的通知" not in page:
                    gone[server.port] = time.monotonic() - withdrawn_at
            time.sleep(0.2)
        assert len(gone) == 2 and max(gone.values()) <= LIST_LAG + 1, gone
    print(f"\ntwo servers: 24 reads by 11 readers counted 11; lists caught up after "
          f"{', '.join(f'{seconds:.1f} s' for seconds in gone.values())}")  # fmt: skip
