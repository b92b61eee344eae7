"""Small factories for test data: each returns a saved object with sensible defaults."""

from datetime import timedelta
from io import BytesIO
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from news import services
from news.models import Article, Column
from news.roles import sync_roles

_sequence = count(1)


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
    """A member of staff in the given role groups (撰稿人, 初审, ...), created once per test."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, **fields}
    )
    if created:
        user.set_password(password)
        user.save()
        if Group.objects.filter(name__in=roles).count() != len(roles):
            # A transactional test's flush removed the groups migration 0003 made.
            sync_roles(Group, Permission)
        user.groups.set(Group.objects.filter(name__in=roles))
    user.raw_password = password
    return user


def make_staff(username="editor", password="a-long-test-password", **fields):
    fields.setdefault("is_staff", True)
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    user.raw_password = password
    return user


def image_file(name="photo.png", size=(1200, 800), image_format="PNG", colour=(40, 120, 60)):
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, format=image_format)
    return ContentFile(output.getvalue(), name=name)
