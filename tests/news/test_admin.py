"""The article and column admin as editors use it: the list, its filters and search, the article
form (help texts, sanitising, errors, the cover), columns, access, and the editor's uploads."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from news.models import Article, Column
from tests.factories import (
    ARTICLE_ADD_URL,
    ARTICLE_LIST_URL,
    article_form_data,
    as_user,
    change_url,
    image_file,
    make_article,
    make_column,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, superuser):
    """Logged in as a superuser: what the admin shows and refuses when every permission is held."""
    as_user(client, superuser)
    return superuser


def test_changelist_shows_status_column_publish_time_and_views(client, editor):
    make_article(make_column(name="通知公告"), title="停电通知", view_count=321)
    html = client.get(ARTICLE_LIST_URL).content.decode()
    for header in ["标题", "栏目", "状态", "发布时间", "浏览次数"]:
        assert f">{header}</a>" in html or f">{header}</span>" in html, header
    for cell in ["停电通知", "通知公告", "已发布", "321"]:
        assert cell in html


def test_changelist_filters_by_status_column_and_date_and_searches_titles(client, editor, now):
    notices, news = make_column(name="通知公告"), make_column(name="工作动态")
    make_article(notices, title="停水通知")
    make_article(news, title="春耕动员会", status=Article.Status.DRAFT)
    make_article(news, title="去年旧闻", publish_at=now - timedelta(days=400))

    def listed(**params):
        response = client.get(ARTICLE_LIST_URL, params)
        assert response.status_code == 200
        return {article.title for article in response.context["cl"].result_list}

    assert listed(status__exact="draft") == {"春耕动员会"}
    assert listed(column__id__exact=notices.pk) == {"停水通知"}
    assert listed(q="动员") == {"春耕动员会"}
    seven_days = re.search(
        r'<a href="\?([^"]+)">过去7天</a>', client.get(ARTICLE_LIST_URL).content.decode()
    )
    assert listed(**dict(parse_qsl(unescape(seven_days.group(1))))) == {"停水通知", "春耕动员会"}


def test_add_page_offers_ckeditor_and_explains_every_field(client, editor):
    html = client.get(ARTICLE_ADD_URL).content.decode()
    assert 'data-type="ckeditortype"' in html
    assert "news/admin/ckeditor-csrf.js" in html
    assert "增加文章" in html
    for field in Article._meta.fields:
        if field.editable and not field.auto_created:
            assert field.help_text, f"{field.name} has no help_text"
            assert str(field.help_text) in html, field.name


def test_adding_an_article_stores_a_draft_with_its_creator_and_first_revision(client, editor):
    response = client.post(
        ARTICLE_ADD_URL, article_form_data(column=make_column(), status=Article.Status.PUBLISHED)
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.created_by, article.status) == (editor, Article.Status.DRAFT)
    assert article.publish_at.strftime("%Y-%m-%d %H:%M") == "2026-11-20 01:30"  # UTC
    assert article.current_revision.title == "镇政府召开安全生产会议"
    assert client.get(article.get_absolute_url()).status_code == 404  # nothing unreviewed


def test_a_crafted_post_cannot_store_script_or_set_the_view_count(client, editor):
    client.post(
        ARTICLE_ADD_URL,
        article_form_data(
            column=make_column(),
            body='<p onclick="steal()">正文</p><script>steal()</script>'
            '<img src=x alt="图" onerror=a()>',
            view_count="999999",
            created_by=editor.pk + 1,
        ),
    )
    article = Article.objects.get()
    assert "script" not in article.body and "onclick" not in article.body
    assert "onerror" not in article.body and "正文" in article.body
    assert article.view_count == 0


def test_form_errors_are_in_chinese_and_keep_what_was_typed(client, editor):
    form = article_form_data(column=make_column(), title="", publish_at_1="25:99")
    response = client.post(ARTICLE_ADD_URL, form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "这个字段是必填项。" in html
    assert "输入一个有效的时间。" in html
    assert "部署冬季安全生产工作。" in html  # the summary typed is still in the form
    assert not Article.objects.exists()


def test_change_page_shows_the_cover_preview_and_read_only_count(client, editor):
    article = make_article(cover=image_file(), view_count=77)
    html = client.get(change_url(article)).content.decode()
    assert article.cover_rendition.url in html
    assert re.search(r"浏览次数:?</label>\s*<div class=\"readonly\">77</div>", html)


def test_uploading_a_cover_that_is_not_an_image_is_refused_with_a_message(client, editor):
    fake = ContentFile(b"<html><script>alert(1)</script></html>", name="cover.jpg")
    response = client.post(ARTICLE_ADD_URL, article_form_data(column=make_column(), cover=fake))
    assert response.status_code == 200
    assert "请上传一张有效的图片" in response.content.decode()
    assert not Article.objects.exists()


def test_publish_time_field_shows_minutes_without_seconds(client, editor):
    article = make_article(status=Article.Status.DRAFT, by=editor)
    html = client.get(change_url(article)).content.decode()
    time_value = re.search(r'name="publish_at_1"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="publish_at_1"', html
    )
    assert re.fullmatch(r"\d\d:\d\d", time_value.group(1))


def test_column_admin_lists_columns_with_their_article_counts(client, editor):
    column = make_column(name="政务公开")
    make_article(column)
    make_article(column)
    html = client.get(reverse("admin:news_column_changelist")).content.decode()
    assert "政务公开" in html
    assert re.search(r'class="field-article_total">2<', html)


def test_column_with_articles_cannot_be_deleted(client, editor):
    column = make_column(name="工作动态")
    make_article(column)
    response = client.post(reverse("admin:news_column_delete", args=[column.pk]), {"post": "yes"})
    assert Column.objects.filter(pk=column.pk).exists()
    assert "无法删除" in response.content.decode()


def test_admin_requires_login(client):
    response = client.get(ARTICLE_LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_article_permission_cannot_open_the_article_admin(client):
    as_user(client, make_user("reader"))
    assert client.get(ARTICLE_LIST_URL).status_code == 403


def test_staff_with_article_permissions_can_add(client):
    user = make_user("writer")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_article", "change_article", "view_article"])
    )
    assert as_user(client, user).get(ARTICLE_ADD_URL).status_code == 200
