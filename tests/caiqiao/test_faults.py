"""The database restarts under load: gunicorn with the production settings against a PostgreSQL
cluster of the test's own, stopped and started again while readers read an article and a
member of staff runs workflow steps.

During the outage readers get the Chinese 503 page (never a traceback or a 500); afterwards the
site answers again by itself, without restarting gunicorn; no workflow step is half-done; the
stored view count equals the pages served. Figures printed (pytest -s): docs/operators/faults.md.
"""

import http.client
import os
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from tests.factories import PHONE_BROWSER
from tests.processes import POSTGRES_BIN, ROOT, AppServer, ThrowawayPostgres, manage, production_env

pytestmark = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="runs with the PostgreSQL run of the suite (it starts a PostgreSQL of its own)",
)

OUTAGE_SECONDS = 3
READERS = 4

SETUP = """
import django; django.setup()
from datetime import timedelta
from django.contrib.auth.models import Group
from accounts.models import User
from django.utils import timezone
from news import services
from news.models import Article, Column
column = Column.objects.create(name="工作动态", slug="gzdt")
author = User.objects.create_user("author", password="x-long-password", is_staff=True)
author.groups.add(Group.objects.get(name="撰稿人"))
for level, role in enumerate(["初审", "复审", "终审"], start=1):
    user = User.objects.create_user(f"reviewer{level}", password="x-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
article = services.article_import_published(
    article=Article(column=column, title="蔡桥镇召开冬季安全生产会议", body="<p>正文</p>"),
    by=author, publish_at=timezone.now() - timedelta(hours=1), reason="测试")
print(article.pk)
"""

# A member of staff working through the outage: new articles written, submitted and approved at
# three levels, each step on its own; a step the database fails is simply tried again later.
WORKFLOW = """
import sys, time
import django; django.setup()
from accounts.models import User
from django.db import DatabaseError, connection
from news import services
from news.models import Article, Column
deadline = time.monotonic() + float(sys.argv[1])
done = failed = 0
while time.monotonic() < deadline:
    try:
        author = User.objects.get(username="author")
        reviewers = [User.objects.get(username=f"reviewer{n}") for n in (1, 2, 3)]
        article = services.article_save(
            article=Article(column=Column.objects.get(), title=f"稿件{done}", body="<p>x</p>"),
            by=author)
        services.article_submit(article=article, by=author)
        for reviewer in reviewers:
            article.refresh_from_db()
            services.article_approve(article=article, by=reviewer,
                                     revision_id=article.current_revision_id)
        done += 1
    except DatabaseError:
        failed += 1
        connection.close()
        time.sleep(0.2)
print(done, failed)
"""

CONSISTENCY = """
import django; django.setup()
from accounts.models import SecurityEvent
from news.models import Article, AuditRecord
records = AuditRecord.objects.count()
logged = SecurityEvent.objects.filter(action="workflow", result="success").count()
stale = [a.pk for a in Article.objects.all()
         if a.audit_records.order_by("-at", "-id").first().to_status != a.status]
edits = AuditRecord.objects.filter(action__in=["create", "edit", "import"]).count()
revisions = sum(a.revisions.count() for a in Article.objects.all())
print(records, logged, len(stale), edits, revisions)
"""


def python(env, code, *args, timeout=120):
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def get(server, path):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path, headers={"User-Agent": PHONE_BROWSER})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError as error:
        return f"error {error.__class__.__name__}", ""
    finally:
        connection.close()


@pytest.fixture
def cluster():
    if POSTGRES_BIN is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the restart test, but no PostgreSQL binaries were found")
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql")
    cluster = ThrowawayPostgres()
    yield cluster
    cluster.destroy()


def test_a_database_restart_is_a_503_and_the_site_recovers_by_itself(cluster, static_root,
                                                                     tmp_path):  # fmt: skip
    env = production_env(
        cluster.create_database("caiqiao"), static_root,
        # Every request counts: no window, no per-address limit (all come from 127.0.0.1).
        VIEW_COUNT_WINDOW_SECONDS="0", VIEW_COUNT_MAX_PER_ADDRESS_HOUR="0",
        MEDIA_ROOT=str(tmp_path / "media"),
    )  # fmt: skip
    manage(env, "migrate", "--noinput", "-v0")
    (article_id,) = python(env, SETUP)
    path = f"/news/{article_id}/"
    replies, health = [], []  # (time, status, is the 503 page)
    running = threading.Event()
    running.set()

    with AppServer(env, workers=2, log_path=tmp_path / "gunicorn.log") as server:

        def read():
            while running.is_set():
                status, body = get(server, path)
                replies.append((time.monotonic(), status, body))

        def check_health():
            while running.is_set():
                # By when the check was asked: one asked before the outage may answer after.
                asked = time.monotonic()
                health.append((asked, get(server, "/healthz")[0]))
                time.sleep(0.2)

        threads = [threading.Thread(target=read) for _ in range(READERS)]
        threads.append(threading.Thread(target=check_health))
        work_seconds = 8 + OUTAGE_SECONDS + 6
        workflow = subprocess.Popen(
            [sys.executable, "-c", WORKFLOW, str(work_seconds)], cwd=ROOT, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for thread in threads:
            thread.start()
        time.sleep(3)
        cluster.stop()  # returns once the server is down (a loaded machine takes a while)
        down_at = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        starting_at = time.monotonic()
        cluster.start()
        up_at = time.monotonic()
        time.sleep(5)
        running.clear()
        for thread in threads:
            thread.join(timeout=30)
        workflow_out, _ = workflow.communicate(timeout=60)

    statuses = Counter(status for _at, status, _body in replies)
    assert set(statuses) <= {200, 503}, statuses  # never a 500 or a dropped connection
    unavailable = [body for _at, status, body in replies if status == 503]
    assert unavailable, "no request met the outage"
    assert all("网站正在维护" in body and "Traceback" not in body for body in unavailable)
    first_ok_after = min(at for at, status, _body in replies if status == 200 and at > up_at)
    recovered_in = first_ok_after - up_at
    assert recovered_in < 5, recovered_in
    assert all(status == 200 for at, status, _body in replies if at > first_ok_after + 1)
    assert {status for at, status in health if down_at < at < starting_at} == {503}
    assert health[-1][1] == 200

    # Every page served was counted, and nothing else.
    import psycopg2

    with psycopg2.connect(env["DATABASE_URL"]) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT view_count FROM news_article WHERE id = %s", [article_id])
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT sum(views) FROM news_dailyviews WHERE article_id = %s",
                       [article_id])  # fmt: skip
        (days,) = cursor.fetchone()
    assert stored == statuses[200] == days

    # No step half-done: each one's audit record, security log line and state go together.
    done, failed = map(int, workflow_out.split())
    records, logged, inconsistent, edits, revisions = map(int, python(env, CONSISTENCY))
    assert done > 0 and failed > 0
    assert records == logged
    assert inconsistent == 0
    assert edits == revisions
    print(
        f"\nrestart: {sum(statuses.values())} requests, {statuses[200]} served, "
        f"{statuses[503]} answered 503 during the outage ({OUTAGE_SECONDS} s down); "
        f"first page {recovered_in:.2f} s after PostgreSQL was back; "
        f"{stored} views stored = {statuses[200]} pages served; "
        f"workflow: {done} articles through 4 steps each, {failed} steps failed and retried, "
        f"{records} audit records = {logged} security log lines"
    )
