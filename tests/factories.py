"""What the tests share besides fixtures (those are in conftest.py): the clock they run on,
factories that return saved objects with sensible defaults, the workflow states, the builders of
what a form posts, the admin's addresses and a reader's browser. The other processes and servers
tests start are in processes.py. Test modules import from these two, never from each other."""

import errno
import re
from datetime import datetime, timedelta
from io import BytesIO
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

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
