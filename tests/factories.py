"""What the tests share besides fixtures (those are in conftest.py): factories that return saved
objects with sensible defaults, the workflow states, the builders of what a form posts, the
admin's addresses and a reader's browser. Test modules import from here, never from each other."""

import contextlib
import errno
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from io import BytesIO
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from news import services
from news.models import Article, Column

ROOT = Path(__file__).resolve().parent.parent

_sequence = count(1)

# The clock the tests run on (conftest.py's clock fixture): a Wednesday mid-morning in Beijing,
# three weeks from a month's and a year's end and from any public holiday, so that today, this
# week and this month are the same whenever the suite runs; after the dates the tests write
# out as past ones (a form's publish time of 2026-11-20, a validity changed on 2026-12-01).
# Module constants derive from it, not from the wall clock.
FIXED_NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


# Objects.


def make_column(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"栏目{number}")
    fields.setdefault("slug", f"column-{number}")
    fields.setdefault("order", number)
    return Column.objects.create(**fields)


def make_article(column=None, *, status=Article.Status.PUBLISHED, by=None, **fields):
    """An article written by `by` (an author by default): a draft, or, with the default
    status, already online (imported as published, with its publish_at kept)."""
    number = next(_sequence)
    fields.setdefault("title", f"测试文章{number}")
    fields.setdefault("body", f"<p>第{number}篇文章的正文。</p>")
    fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    article = Article(column=column or make_column(), **fields)
    by = by or make_user("factory-author", "撰稿人")
    if status == Article.Status.PUBLISHED:
        return services.article_import_published(
            article=article, by=by, publish_at=fields["publish_at"], reason="测试数据"
        )
    if status != Article.Status.DRAFT:
        raise ValueError("make_article makes drafts and published articles; use the services")
    return services.article_save(article=article, by=by)


def make_user(username, *roles, password="a-long-test-password", **fields):
    """A member of staff in the given role groups (撰稿人, 初审, ...), created once per test;
    with no role, staff without any permission (unless fields say is_superuser)."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, **fields}
    )
    if created:
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
    user.raw_password = password
    return user


def image_file(name="photo.png", size=(1200, 800), image_format="PNG", colour=(40, 120, 60)):
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, format=image_format)
    return ContentFile(output.getvalue(), name=name)


# Where a phone photo was taken: 蔡桥镇, as the camera writes it into EXIF's GPS block.
GPS_LATITUDE = (27.0, 12.0, 36.0)
APPENDED = b"<html><script>alert('appended')</script></html>"


def phone_photo(name="IMG_0001.jpg", size=(400, 300)):
    """A JPEG as a phone saves it: EXIF with GPS coordinates and a camera model, turned on its
    side (Orientation 6: the pixels must be rotated to be upright), and bytes appended after
    the image, as a polyglot file has them. Its left half is red, the right half blue."""
    image = Image.new("RGB", size, (200, 0, 0))
    image.paste((0, 0, 200), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x0110] = "CaiqiaoPhone 1"  # camera model
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (111.0, 18.0, 0.0)}  # GPS IFD
    output = BytesIO()
    image.save(output, format="JPEG", exif=exif, quality=95)
    return ContentFile(output.getvalue() + APPENDED, name=name)


class FullDiskStorage(FileSystemStorage):
    """Media storage on a disk that fills up: it writes half of each file, then fails as a
    full disk does (ENOSPC)."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))


def stored_files(media_root):
    """Every file under MEDIA_ROOT, as paths relative to it."""
    return sorted(
        str(p.relative_to(media_root)) for p in Path(media_root).rglob("*") if p.is_file()
    )


# The workflow: the roles of the workflow tests, each a person (the `people` fixture), and the
# states an article can be brought to (build).

ROLES = {
    "author": ["撰稿人"],
    "other_author": ["撰稿人"],
    "reviewer1": ["初审"],
    "reviewer2": ["复审"],
    "reviewer3": ["终审"],
    "site_admin": ["站点管理员"],
    "auditor": ["审计员"],
}
STATES = [
    "draft",
    "submitted_1",
    "submitted_2",
    "submitted_3",
    "scheduled",
    "published",
    "returned",
    "withdrawn",
]
REVIEWERS = ["reviewer1", "reviewer2", "reviewer3"]


def approve(article, by):
    article.refresh_from_db()
    return services.article_approve(article=article, by=by, revision_id=article.current_revision_id)


def approve_all(article, people):
    """A submitted article approved at every level, by reviewer1, 2 and 3 of people in turn."""
    for reviewer in REVIEWERS:
        approve(article, people[reviewer])
    return Article.objects.get(pk=article.pk)


def edited(article, **fields):
    """The article's latest text (what staff edit), changed and not saved yet: the fields
    given, or else "（修改）" added to the title."""
    working = Article.objects.get(pk=article.pk).working_copy()
    for name, value in (fields or {"title": working.title + "（修改）"}).items():
        setattr(working, name, value)
    return working


def build(state, people, now):
    """An article by people["author"] brought to `state` (one of STATES) through the
    services; people as the `people` fixture makes them."""
    author = people["author"]
    publish_at = now + timedelta(days=1) if state == "scheduled" else now - timedelta(hours=1)
    article = make_article(status=Article.Status.DRAFT, by=author, publish_at=publish_at)
    if state == "draft":
        return article
    services.article_submit(article=article, by=author)
    if state == "returned":
        return services.article_return(article=article, by=people["reviewer1"], reason="请补充时间")
    for level, reviewer in enumerate(REVIEWERS, start=1):
        if state == f"submitted_{level}":
            return Article.objects.get(pk=article.pk)
        approve(article, people[reviewer])
    if state == "withdrawn":
        return services.article_withdraw(article=article, by=people["site_admin"], reason="过时")
    return Article.objects.get(pk=article.pk)


# The admin: addresses, logging in, messages, and what its forms post.

ARTICLE_LIST_URL = reverse("admin:news_article_changelist")
ARTICLE_ADD_URL = reverse("admin:news_article_add")
UPLOAD_URL = reverse("ckeditor_upload")
STATISTICS_URL = reverse("admin:readership_viewstatistics_changelist")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def step_url(article, step):
    return reverse("admin:news_article_workflow", args=[article.pk, step])


def as_user(client, user):
    client.force_login(user)
    return client


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def local_minute(moment):
    """A time as staff type and read it: Beijing time, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def publish_at_fields(moment):
    """The two boxes (date, time) of a publish time in the admin's forms."""
    day, time = local_minute(moment).split()
    return {"publish_at_0": day, "publish_at_1": time}


def article_form_data(article=None, *, column=None, **overrides):
    """What the article form posts: an existing article's text and publish time as the change
    page shows them, or a new article's in `column`. overrides replace or add fields (also
    fields the form does not have, as a crafted post would)."""
    if article is not None:
        data = {name: getattr(article, name) for name in
                ["title", "summary", "body", "source", "author_name", "editor_name"]}  # fmt: skip
        data.update(column=article.column_id, opened_revision=article.current_revision_id,
                    **publish_at_fields(article.publish_at))  # fmt: skip
    else:
        data = {
            "title": "镇政府召开安全生产会议",
            "column": column.pk,
            "summary": "部署冬季安全生产工作。",
            "body": "<p>会议要求各村<strong>压实责任</strong>。</p>",
            "source": "蔡桥镇人民政府",
            "author_name": "李华",
            "editor_name": "张敏",
            "publish_at_0": "2026-11-20",
            "publish_at_1": "09:30",
        }
    return {**data, **overrides}


def user_form_data(user, **overrides):
    """What the admin's user change form posts for user as it stands; overrides replace fields
    (an empty is_active unticks it)."""
    data = {
        "username": user.username, "first_name": user.first_name, "email": user.email,
        "is_active": "on", "is_staff": "on", "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00", "groups": list(user.groups.values_list("pk", flat=True)),
    }  # fmt: skip
    return {**data, **overrides}


def site_settings_form_data(**overrides):
    """What the 站点设置 form posts, as it stands; overrides replace fields."""
    from news.models import SiteSettings

    row = SiteSettings.load()
    fields = ["review_levels", "site_name", "host_organization", "organizer", "address",
              "postcode", "phone", "email", "site_code", "icp_number", "police_number",
              "error_report_url", "organization_code", "index_number_pattern"]  # fmt: skip
    data = {field: getattr(row, field) for field in fields}
    return {**data, **overrides}


def password_change_data(old, new):
    """What the admin's 修改密码 form posts."""
    return {"old_password": old, "new_password1": new, "new_password2": new}


def step_form_data(step, article=None, **overrides):
    """What the admin form of a workflow step posts: the revision read (approve: article's
    current one) or a reason (return, withdraw, reschedule, whose new time is in overrides)."""
    defaults = {
        "approve": {"revision_id": getattr(article, "current_revision_id", None)},
        "return": {"reason": "请补充会议时间和地点。"},
        "withdraw": {"reason": "政策已废止"},
        "reschedule": {"reason": "按文件日期"},  # with the new time: publish_at_fields()
    }
    return {**defaults[step], **overrides}


def period_params(period="7", *, start=None, end=None, **extra):
    """The query string of 浏览统计: a period (today, 7, 30 or range, with start and end)."""
    params = {"period": period, **extra}
    params.update({name: day.isoformat() for name, day in [("start", start), ("end", end)] if day})
    return params


# Readers.

# What a resident's phone sends; Django's test client sends no User-Agent, which counts as a bot.
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)

_addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in count())


def browser(**headers):
    """Another resident: their own browser (cookies) at their own address."""
    return Client(**{"HTTP_USER_AGENT": PHONE_BROWSER, "REMOTE_ADDR": next(_addresses), **headers})


def shown_count(response):
    """The 浏览次数 an article page shows."""
    return int(re.search(r'class="view-count">(\d+)<', response.content.decode()).group(1))


# Other processes: settings are read once per process, so what depends on the environment runs
# in a fresh Python.


def fresh_python(*args, without=(), **env):
    """`python *args` in a new process at the project's root, with this environment less the
    variables named in `without`, plus env."""
    inherited = {name: value for name, value in os.environ.items() if name not in without}
    return subprocess.run(
        [sys.executable, *args],
        env={**inherited, "DJANGO_SETTINGS_MODULE": "caiqiao.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def in_another_process(code, **env):
    """Run code after django.setup() in a fresh Python (another app server); its last line."""
    result = fresh_python("-c", "import django; django.setup()\n" + code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def deploy_check(*args, without=(), **env):
    """`manage.py check --deploy` as production runs it (without what the browser tests set for
    themselves: it fails the deploy check); stdout and stderr together, and the exit code."""
    result = fresh_python(
        "manage.py", "check", "--deploy", *args,
        without={"DJANGO_ALLOW_ASYNC_UNSAFE", *without}, **env,
    )  # fmt: skip
    return result.stdout + result.stderr, result.returncode


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def _redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not _redis_answers(), reason="no Redis on 127.0.0.1:6379: the shared-cache tests need one"
)


# Logging in through the admin's login form, as a person does (a fresh browser by default).

LOGIN_URL = reverse("admin:login")


def log_in(username, password, client=None, **headers):
    """POST the admin login form; returns the response (302 to the admin on success)."""
    client = client or Client(**{"REMOTE_ADDR": "203.0.113.10", **headers})
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def events(action=None, **filters):
    """The security audit log's events (of one action), oldest first."""
    from accounts.models import SecurityEvent

    queryset = SecurityEvent.objects.order_by("at", "id")
    if action is not None:
        queryset = queryset.filter(action=action)
    return list(queryset.filter(**filters))


# The site as production runs it: gunicorn with the production settings (DEBUG off, plain HTTP on
# 127.0.0.1), in a process of its own, against a database of the test's own.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url, static_root, **extra):
    """The environment of a production process of the site (README, production)."""
    left_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DATABASE_URL"}
    inherited = {name: value for name, value in os.environ.items() if name not in left_out}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "caiqiao.settings",
        "DEBUG": "0",
        "SECRET_KEY": "production-test-secret-key-not-used-anywhere-else-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env, *args):
    """`manage.py *args` in a process with env; its output."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class AppServer:
    """gunicorn serving the site on a free port of 127.0.0.1; stopped by stop() (or with)."""

    def __init__(self, env, workers=2, log_path=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path or os.devnull, "wb")  # noqa: SIM115  (closed by stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "caiqiao.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--timeout", "30", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, f"gunicorn exited with {self.process.returncode}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start in 60 s"
                time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


class ThrowawayPostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, its own port), to
    stop and start at will; not the shared server. Run as the postgres user when we are root
    (initdb refuses root). Removed by destroy()."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="caiqiao-pg-", dir="/tmp"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = []
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "--auth=trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8")  # fmt: skip
        self.start()

    def _run(self, tool, *args):
        result = subprocess.run([*self.as_postgres, str(POSTGRES_BIN / tool), *map(str, args)],
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w",
                  "start")  # fmt: skip

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self, name):
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)
        return self.url(name)

    def destroy(self):
        with contextlib.suppress(AssertionError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


# Personal data for the pre-publication checks: made up, with a valid check digit.
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_card_number(first17="43052319800101001"):
    """A mainland ID-card number (made up) whose check digit is right."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def mailed_to(outbox, subject_start):
    """The addresses of the e-mails whose subject starts so (one e-mail per recipient)."""
    return sorted(address for sent in outbox if sent.subject.startswith(subject_start)
                  for address in sent.to)  # fmt: skip
