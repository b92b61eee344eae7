import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from news.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME
from news.models import Article, Column

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_columns_articles_covers_and_a_demo_login(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert set(Column.objects.values_list("name", flat=True)) >= {
        "镇情概况", "工作动态", "通知公告", "政务公开", "产业发展"}  # fmt: skip
    public = Article.objects.published()
    assert public.count() >= 30
    assert public.filter(pinned=True).exists() and public.filter(headline=True).exists()
    assert public.exclude(cover="").filter(cover_rendition__startswith="covers/display/").count()
    assert len({article.publish_at.date() for article in public}) > 20
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    assert user.is_staff and user.check_password(DEMO_PASSWORD)
    assert client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)


def test_seed_demo_run_twice_creates_nothing_twice_and_keeps_edits(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(view_count=12345)
    counts = (Column.objects.count(), Article.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Column.objects.count(), Article.objects.count()) == counts
    assert Article.objects.get(pk=article.pk).view_count == 12345


def test_seed_demo_refuses_in_production_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="拒绝填充演示数据"):
        call_command("seed_demo", verbosity=0)
    assert not Article.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert Article.objects.count() >= 30
