"""政务公开 metadata: part of the text (reviewed like it), required before submission in a column
that asks for it, 索引号 by pattern and unique, a table at the top of the article page, and
/feed/disclosure.json for the county platform (public articles only, with their attachments)."""

import datetime
import json
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from attachments.forms import store_attachment
from news import services
from news.models import Article, SiteSettings, WorkflowError
from tests.factories import (
    ARTICLE_ADD_URL,
    PHONE_BROWSER,
    approve_all,
    article_form_data,
    as_user,
    make_article,
    make_column,
    site_settings_form_data,
)

pytestmark = pytest.mark.django_db

METADATA = {
    "document_number": "蔡政发〔2026〕12号",
    "written_on": datetime.date(2026, 11, 20),
    "topic": "农业、林业、水利",
    "validity": "valid",
}


@pytest.fixture
def policies():
    return make_column(name="政策文件", slug="zcwj", requires_disclosure=True)


def draft(column, people, **fields):
    article = Article(column=column, title="关于印发冬季防火工作方案的通知", body="<p>正文</p>",
                      **fields)  # fmt: skip
    return services.article_save(article=article, by=people["author"])


def test_a_column_that_requires_it_refuses_submission_without_it(policies, people):
    article = draft(policies, people, document_number="蔡政发〔2026〕12号")
    with pytest.raises(WorkflowError) as refused:
        services.article_submit(article=article, by=people["author"])
    assert "须填写政务公开信息" in str(refused.value)
    assert "成文日期" in str(refused.value) and "文号" not in str(refused.value).split("还缺")[1]
    complete = draft(policies, people, **METADATA)
    assert services.article_submit(article=complete, by=people["author"]).status == "submitted"


def test_other_columns_do_not_ask_for_it(people):
    article = draft(make_column(), people)
    assert services.article_submit(article=article, by=people["author"]).status == "submitted"


def test_the_refusal_is_a_clear_message_in_the_admin_with_the_text_kept(client, policies, people):
    data = article_form_data(column=policies, title="缺文号的政策文件", _submit_for_review="1")
    response = as_user(client, people["author"]).post(ARTICLE_ADD_URL, data, follow=True)
    html = response.content.decode()
    assert "须填写政务公开信息" in html and "文号" in html
    article = Article.objects.get(title="缺文号的政策文件")
    assert article.status == "draft"  # saved, not submitted


def test_index_numbers_come_from_the_pattern_and_are_unique(policies, people):
    settings_row = SiteSettings.load()
    settings_row.organization_code = "43052300"
    settings_row.save()
    first = draft(policies, people, **METADATA)
    second = draft(policies, people, **METADATA)
    year = first.publish_at.year
    assert (first.index_number, second.index_number) == (
        f"43052300/{year}-00001", f"43052300/{year}-00002")  # fmt: skip
    typed = draft(policies, people, index_number="自定义-1", **METADATA)
    assert typed.index_number == "自定义-1"
    with pytest.raises(IntegrityError):  # the database refuses a second one
        draft(policies, people, index_number="自定义-1", **METADATA)


def test_no_number_until_the_organisation_code_is_set(policies, people):
    assert SiteSettings.load().organization_code == ""
    assert draft(policies, people, **METADATA).index_number == ""


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{机构代码}/{年份}", "须含 {序号}"),
        ("{机构代码}/{序号.__class__}", "不认识：{序号.__class__}"),
        ("{单位}-{序号}", "不认识：{单位}"),
        ("{机构代码}/{序号", "索引号规则写得不对"),
    ],
)
def test_site_settings_refuse_a_pattern_that_cannot_number(client, people, pattern, message):
    url = reverse("admin:news_sitesettings_change", args=[SiteSettings.load().pk])
    data = site_settings_form_data(organization_code="43052300", index_number_pattern=pattern)
    html = as_user(client, people["site_admin"]).post(url, data).content.decode()
    assert message in html and escape(pattern) in html  # refused, what was typed kept
    assert SiteSettings.load().index_number_pattern == "{机构代码}/{年份}-{序号:05d}"
    data["index_number_pattern"] = "CQ-{年份}-{序号:04d}"
    assert as_user(client, people["site_admin"]).post(url, data).status_code == 302
    assert SiteSettings.load().index_number_pattern == "CQ-{年份}-{序号:04d}"


def test_the_admin_form_says_a_taken_index_number_is_taken(client, policies, people):
    draft(policies, people, index_number="43052300/2026-00009", **METADATA)
    data = article_form_data(
        column=policies, title="重复索引号", index_number="43052300/2026-00009", **METADATA
    )
    html = as_user(client, people["author"]).post(ARTICLE_ADD_URL, data).content.decode()
    assert "这个索引号已被另一篇文章使用" in html


def test_the_metadata_is_a_table_at_the_top_of_the_public_page(policies, people):
    SiteSettings.objects.update_or_create(pk=1, defaults={"host_organization": "蔡桥镇人民政府"})
    article = draft(policies, people, **METADATA)
    services.article_submit(article=article, by=people["author"])
    approve_all(article, people)
    html = Client(HTTP_USER_AGENT=PHONE_BROWSER).get(article.get_absolute_url()).content.decode()
    table = html[html.index('<table class="disclosure">') : html.index("</table>")]
    assert html.index('<table class="disclosure">') < html.index('class="article__title"')
    for value in ["蔡政发〔2026〕12号", "2026-11-20", "农业、林业、水利", "有效", "蔡桥镇人民政府",
                  article.index_number]:  # fmt: skip
        assert value in table, value


def test_a_change_of_metadata_waits_for_review(policies, people):
    article = draft(policies, people, **METADATA)
    services.article_submit(article=article, by=people["author"])
    approve_all(article, people)
    edited = Article.objects.get(pk=article.pk).working_copy()
    edited.validity, edited.validity_changed_on = "repealed", datetime.date(2026, 12, 1)
    services.article_save(article=edited, by=people["author"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.validity == "valid" and stored.has_pending_changes  # online: still 有效


def test_the_disclosure_feed_has_public_articles_of_those_columns_with_attachments(
    policies, people, settings
):
    article = draft(policies, people, **METADATA)
    pdf = store_attachment(ContentFile(b"%PDF-1.4\n%%EOF\n", name="方案.pdf"), people["author"])
    edited = Article.objects.get(pk=article.pk).working_copy()
    attachments = [(pdf, "工作方案")]
    article = services.article_save(
        article=edited, by=people["author"], parts={"attachments": attachments}
    )
    services.article_submit(article=article, by=people["author"])
    approve_all(article, people)
    draft(policies, people, **METADATA)  # not public
    make_article(make_column(), title="普通新闻")  # not a disclosure column
    feed = json.loads(Client().get("/feed/disclosure.json").content)
    assert (feed["count"], feed["page"], feed["next"]) == (1, 1, None)
    (item,) = feed["items"]
    assert item["title"] == article.title and item["document_number"] == "蔡政发〔2026〕12号"
    assert (item["written_on"], item["topic"], item["validity_label"]) == (
        "2026-11-20", "农业、林业、水利", "有效")  # fmt: skip
    assert item["url"] == settings.SITE_URL + article.get_absolute_url()
    (attachment,) = item["attachments"]
    assert (attachment["title"], attachment["type"]) == ("工作方案", "PDF")
    assert Client().get(attachment["url"].removeprefix(settings.SITE_URL)).status_code == 200


def test_the_feed_is_paged_in_a_fixed_number_of_queries(
    policies, people, django_assert_max_num_queries
):
    for n in range(55):
        make_article(policies, title=f"政策{n}", **METADATA, index_number=f"号{n}")
    Client().get("/feed/disclosure.json")  # the site identity is cached after the first
    with django_assert_max_num_queries(3):  # count, page, attachments
        first = json.loads(Client().get("/feed/disclosure.json").content)
    assert (first["count"], first["pages"], len(first["items"])) == (55, 2, 50)
    assert first["next"].endswith("/feed/disclosure.json?page=2")
    second = json.loads(Client().get("/feed/disclosure.json?page=2").content)
    assert len(second["items"]) == 5 and second["next"] is None
    for page in ["9", "abc", "0"]:
        assert Client().get(f"/feed/disclosure.json?page={page}").status_code == 404


def online_without_number(policies, people, title):
    """A public policy document from before 站点设置 had an organisation code: no 索引号."""
    article = draft(policies, people, **METADATA)
    article.title = title
    article = services.article_save(article=article, by=people["author"])
    services.article_submit(article=article, by=people["author"])
    approve_all(article, people)
    stored = Article.objects.get(pk=article.pk)
    assert stored.is_published() and stored.index_number == ""
    return stored


def test_two_online_edits_waiting_for_review_get_two_numbers_and_both_go_online(policies, people):
    """The edit of an online article holds its new number in its revision, where the old rule
    (article rows only) did not look: both edits got 00001 and the second approval was a 500."""
    first = online_without_number(policies, people, "第一份文件")
    second = online_without_number(policies, people, "第二份文件")
    SiteSettings.objects.filter(pk=1).update(organization_code="43052300")
    numbers = []
    for article in (first, second):
        edited = Article.objects.get(pk=article.pk).working_copy()
        edited.summary = "补充索引号"
        stored = services.article_save(article=edited, by=people["author"])
        numbers.append(stored.working_copy().index_number)
    year = first.publish_at.year
    assert numbers == [f"43052300/{year}-00001", f"43052300/{year}-00002"]
    for article in (first, second):
        services.article_submit(article=Article.objects.get(pk=article.pk), by=people["author"])
        approve_all(article, people)
    assert sorted(Article.objects.values_list("index_number", flat=True)) == numbers


def test_a_number_another_articles_edit_holds_is_refused_at_approval_in_chinese(
    client, policies, people
):
    """Typed by hand past the form (a management command, an import): approval says why and
    changes nothing, instead of the database refusing it with a 500."""
    first = online_without_number(policies, people, "第一份文件")
    SiteSettings.objects.filter(pk=1).update(organization_code="43052300")
    edited = Article.objects.get(pk=first.pk).working_copy()
    edited.summary = "补充索引号"
    held = services.article_save(article=edited, by=people["author"]).working_copy().index_number
    clash = draft(policies, people, index_number=held, **METADATA)
    services.article_submit(article=clash, by=people["author"])
    response = as_user(client, people["reviewer1"]).post(
        reverse("admin:news_article_workflow", args=[clash.pk, "approve"]),
        {"revision_id": Article.objects.get(pk=clash.pk).current_revision_id},
        follow=True,
    )
    assert response.status_code == 200
    assert f"索引号“{held}”已被另一篇文章使用" in response.content.decode()
    stored = Article.objects.get(pk=clash.pk)
    assert (stored.status, stored.review_level, stored.live_revision) == ("submitted", 1, None)


def test_the_form_refuses_a_number_another_articles_edit_holds(client, policies, people):
    first = online_without_number(policies, people, "第一份文件")
    SiteSettings.objects.filter(pk=1).update(organization_code="43052300")
    edited = Article.objects.get(pk=first.pk).working_copy()
    edited.summary = "补充索引号"
    held = services.article_save(article=edited, by=people["author"]).working_copy().index_number
    data = article_form_data(column=policies, title="抄来的索引号", index_number=held, **METADATA)
    html = as_user(client, people["author"]).post(ARTICLE_ADD_URL, data).content.decode()
    assert "这个索引号已被另一篇文章使用" in html
    assert not Article.objects.filter(title="抄来的索引号").exists()


@pytest.mark.django_db(transaction=True)
def test_articles_saved_at_the_same_moment_get_different_numbers(policies, people):
    """Six authors' new documents saved at once, each in its own thread and connection: the
    站点设置 row is locked while a number is chosen (PostgreSQL; SQLite writes one at a time)."""
    SiteSettings.objects.update_or_create(pk=1, defaults={"organization_code": "43052300"})
    start = Barrier(6)

    def save(n):
        start.wait(timeout=10)
        try:
            article = Article(column=policies, title=f"同时保存{n}", body="<p>正文</p>", **METADATA)
            return services.article_save(article=article, by=people["author"]).index_number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(save, range(6)))
    assert len(set(numbers)) == 6 and all(numbers)
