"""The commands that fill a site with made-up content: seed_demo (the demonstration site) and
seed_bulk (many articles, for benchmarks)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum

from news.models import Article, AuditRecord, Column
from readership.models import DailyViews
from website.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_columns_articles_covers_and_a_demo_login(settings, client):
    settings.DEMO_SITE = True
    call_command("seed_demo", verbosity=0)
    assert set(Column.objects.values_list("name", flat=True)) >= {
        "镇情概况", "工作动态", "通知公告", "政务公开", "产业发展"}  # fmt: skip
    public = Article.objects.published()
    assert public.count() >= 30
    assert public.filter(pinned=True).exists() and public.filter(headline=True).exists()
    assert public.exclude(cover="").filter(cover_rendition__startswith="covers/display/").count()
    assert len({article.publish_at.date() for article in public}) > 20
    disclosed = public.filter(column__requires_disclosure=True)
    assert disclosed.count() >= 5
    assert not [article for article in disclosed if article.disclosure_missing()]
    assert len(set(disclosed.values_list("index_number", flat=True))) == disclosed.count()
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    assert user.is_staff and user.check_password(DEMO_PASSWORD)
    assert client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)


def test_seed_demo_run_twice_creates_nothing_twice_and_keeps_edits(settings):
    settings.DEMO_SITE = True
    call_command("seed_demo", verbosity=0)
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(view_count=12345)
    counts = (Column.objects.count(), Article.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Column.objects.count(), Article.objects.count()) == counts
    assert Article.objects.get(pk=article.pk).view_count == 12345


def test_seed_demo_refuses_in_production_unless_forced(settings):
    settings.DEMO_SITE = False
    with pytest.raises(CommandError, match="拒绝填充演示数据"):
        call_command("seed_demo", verbosity=0)
    assert not Article.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert Article.objects.count() >= 30


def test_seed_bulk_makes_public_articles_whose_days_add_up(settings):
    settings.DEMO_SITE = True
    call_command("seed_bulk", articles=250, batch=100, stdout=io.StringIO())
    articles = Article.objects.filter(title__startswith="批量测试文章")
    assert articles.count() == 250
    assert articles.published().count() == 250
    assert AuditRecord.objects.filter(action=AuditRecord.Action.IMPORT).count() == 250
    totals = articles.aggregate(total=Sum("view_count"))["total"]
    assert DailyViews.objects.aggregate(total=Sum("views"))["total"] == totals
    assert not articles.filter(live_revision__isnull=True).exists()
