"""Small factories for test data: each returns a saved object with sensible defaults."""

from datetime import timedelta
from io import BytesIO
from itertools import count

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Column

_sequence = count(1)


def make_column(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"栏目{number}")
    fields.setdefault("slug", f"column-{number}")
    fields.setdefault("order", number)
    return Column.objects.create(**fields)


def make_article(column=None, **fields):
    number = next(_sequence)
    fields.setdefault("title", f"测试文章{number}")
    fields.setdefault("body", f"<p>第{number}篇文章的正文。</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(column=column or make_column(), **fields)


def make_staff(username="editor", password="a-long-test-password", **fields):
    fields.setdefault("is_staff", True)
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    user.raw_password = password
    return user


def image_file(name="photo.png", size=(1200, 800), image_format="PNG", colour=(40, 120, 60)):
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, format=image_format)
    return ContentFile(output.getvalue(), name=name)
