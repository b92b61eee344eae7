"""The workflow as staff meet it in the admin: buttons, forms, queues, history, bypass attempts."""

import re

import pytest
from django.urls import reverse

from news import services
from news.models import Article, AuditRecord, SiteSettings
from tests.factories import (
    ARTICLE_ADD_URL,
    ARTICLE_LIST_URL,
    REVIEWERS,
    article_form_data,
    as_user,
    build,
    change_url,
    edited,
    local_minute,
    make_article,
    make_column,
    messages_of,
    publish_at_fields,
    site_settings_form_data,
    step_form_data,
    step_url,
)

pytestmark = pytest.mark.django_db


def test_a_crafted_add_cannot_set_status_approver_or_owner(client, people):
    column = make_column()
    as_user(client, people["author"]).post(
        ARTICLE_ADD_URL,
        article_form_data(
            column=column,
            title="想直接发布的稿件",
            status="published",
            live_revision="1",
            review_level="3",
            first_published_at="2026-01-01 08:00",
            created_by=people["reviewer3"].pk,
            view_count="5000",
        ),
    )
    article = Article.objects.get(title="想直接发布的稿件")
    assert (article.status, article.live_revision, article.review_level) == ("draft", None, None)
    assert (article.created_by, article.view_count) == (people["author"], 0)
    assert not Article.objects.published().exists()


def test_an_author_cannot_move_the_publish_time_of_a_live_article_through_the_form(
    client, people, now
):
    article = build("published", people, now)
    response = as_user(client, people["author"]).post(
        change_url(article),
        article_form_data(article, title=article.title + "（改）", publish_at_0="2020-01-01"),
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.publish_at == article.publish_at
    assert stored.title == article.title  # still the approved text online
    assert stored.current_revision.title == article.title + "（改）"


def test_saving_and_submitting_in_one_click(client, people, now):
    article = build("draft", people, now)
    response = as_user(client, people["author"]).post(
        change_url(article), article_form_data(article, _submit_for_review="1"), follow=True
    )
    assert "稿件已提交审核。" in messages_of(response)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.review_level) == ("submitted", 1)


def test_bulk_submit_submits_own_drafts_and_touches_nothing_else(client, people, now):
    own = build("draft", people, now)
    other = make_article(status=Article.Status.DRAFT, by=people["other_author"])
    published = build("published", people, now)
    response = as_user(client, people["author"]).post(
        ARTICLE_LIST_URL,
        {"action": "submit_selected", "_selected_action": [own.pk, other.pk, published.pk]},
        follow=True,
    )
    assert Article.objects.get(pk=own.pk).status == "submitted"
    assert Article.objects.get(pk=other.pk).status == "draft"  # not even visible to author
    assert Article.objects.get(pk=published.pk).status == "published"
    assert any("不能提交审核" in message for message in messages_of(response))


def test_there_is_no_bulk_delete_and_no_delete_at_all(client, people, superuser, now):
    article = build("draft", people, now)
    client = as_user(client, superuser)
    response = client.post(
        ARTICLE_LIST_URL,
        {"action": "delete_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert Article.objects.filter(pk=article.pk).exists()
    assert "delete_selected" not in response.content.decode()
    delete_url = reverse("admin:news_article_delete", args=[article.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403


def test_a_list_page_inline_edit_cannot_change_anything(client, people, superuser, now):
    article = build("submitted_1", people, now)
    client = as_user(client, superuser)
    client.post(
        ARTICLE_LIST_URL,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": article.pk,
            "form-0-status": "published",
            "form-0-title": "被篡改",
            "_save": "保存",
        },
    )
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.title) == ("submitted", article.title)


@pytest.mark.parametrize("who", ["author", "reviewer2", "site_admin", "auditor"])
def test_a_crafted_approve_from_someone_not_at_that_level_is_refused(client, people, now, who):
    article = build("submitted_1", people, now)
    response = as_user(client, people[who]).post(
        step_url(article, "approve"), step_form_data("approve", article)
    )
    assert response.status_code in (302, 404)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.review_level) == ("submitted", 1)


def test_a_reviewer_approves_from_the_change_page(client, people, now):
    article = build("submitted_1", people, now)
    client = as_user(client, people["reviewer1"])
    html = client.get(change_url(article)).content.decode()
    button = re.search(
        r'<button[^>]*formaction="([^"]+)"[^>]*value="(\d+)"[^>]*>通过</button>', html
    )
    assert button, "the 通过 button is on the page"
    response = client.post(
        button.group(1), step_form_data("approve", revision_id=button.group(2)), follow=True
    )
    assert any("审核通过完成" in message for message in messages_of(response))
    assert Article.objects.get(pk=article.pk).review_level == 2


def test_a_stale_approval_through_the_admin_is_refused_with_a_message(client, people, now):
    article = build("submitted_1", people, now)
    reviewer = as_user(client, people["reviewer1"])
    page = reviewer.get(change_url(article)).content.decode()
    opened = re.search(r'name="revision_id" value="(\d+)"', page)
    services.article_save(
        article=edited(article, body="<p>作者在审核期间改了正文。</p>"), by=people["author"]
    )
    services.article_submit(article=article, by=people["author"])
    response = reviewer.post(
        step_url(article, "approve"),
        step_form_data("approve", revision_id=opened.group(1)),
        follow=True,
    )
    assert any("又被修改过" in message for message in messages_of(response))
    assert Article.objects.get(pk=article.pk).review_level == 1


def test_returning_asks_for_a_reason_in_a_form(client, people, now):
    article = build("submitted_1", people, now)
    client = as_user(client, people["reviewer1"])
    page = client.get(step_url(article, "return"))
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    empty = client.post(step_url(article, "return"), step_form_data("return", reason=""))
    assert "这个字段是必填项。" in empty.content.decode()
    assert Article.objects.get(pk=article.pk).status == "submitted"
    client.post(
        step_url(article, "return"), step_form_data("return", reason="请补充会议时间和地点。")
    )
    assert Article.objects.get(pk=article.pk).status == "returned"
    author_page = as_user(client, people["author"]).get(change_url(article)).content.decode()
    assert "请补充会议时间和地点。" in author_page


def test_withdraw_and_reschedule_pages_work_for_a_site_admin(client, people, now, yesterday):
    article = build("published", people, now)
    client = as_user(client, people["site_admin"])
    client.post(
        step_url(article, "reschedule"),
        step_form_data("reschedule", **publish_at_fields(yesterday)),
    )
    stored = Article.objects.get(pk=article.pk)
    assert local_minute(stored.publish_at) == local_minute(yesterday)
    assert stored.is_published()  # moved into the past: still online
    client.post(step_url(article, "withdraw"), step_form_data("withdraw"))
    assert Article.objects.get(pk=article.pk).status == "withdrawn"
    assert client.get(article.get_absolute_url()).status_code == 404


BUTTONS = {"通过": ">通过</button>", "退回": ">退回</a>", "撤回": ">撤回</a>",
           "保存并提交审核": 'value="保存并提交审核"'}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "state", "shown"),
    [
        ("author", "draft", {"保存并提交审核"}),
        ("author", "submitted_1", {"保存并提交审核"}),
        ("reviewer1", "submitted_1", {"通过", "退回"}),
        ("reviewer2", "submitted_2", {"通过", "退回"}),
        ("reviewer1", "submitted_2", set()),
        ("reviewer3", "published", {"撤回"}),
        ("site_admin", "published", {"撤回"}),
        ("auditor", "published", set()),
        ("auditor", "submitted_1", set()),
    ],
)
def test_change_page_shows_only_the_buttons_the_user_may_use(client, people, now, who, state,
                                                               shown):  # fmt: skip
    article = build(state, people, now)
    html = as_user(client, people[who]).get(change_url(article)).content.decode()
    assert {name for name, marker in BUTTONS.items() if marker in html} == shown


def test_reviewers_list_holds_no_drafts_and_their_queue_holds_their_level(client, people, now):
    draft = build("draft", people, now)
    waiting_1 = build("submitted_1", people, now)
    waiting_2 = build("submitted_2", people, now)
    client = as_user(client, people["reviewer1"])
    listed = {a.pk for a in client.get(ARTICLE_LIST_URL).context["cl"].result_list}
    assert draft.pk not in listed and {waiting_1.pk, waiting_2.pk} <= listed
    queue = {
        a.pk for a in client.get(ARTICLE_LIST_URL, {"queue": "review"}).context["cl"].result_list
    }
    assert queue == {waiting_1.pk}
    assert client.get(change_url(draft)).status_code == 404


def test_admin_index_counts_my_articles_and_my_queue(client, people, now):
    build("draft", people, now)
    build("submitted_1", people, now)
    build("submitted_2", people, now)
    author_html = as_user(client, people["author"]).get("/admin/").content.decode()
    assert re.search(r"我的稿件</a> <strong class=\"count\">3<", author_html)
    reviewer_html = as_user(client, people["reviewer2"]).get("/admin/").content.decode()
    assert re.search(r"待我审核</a> <strong class=\"count\">1<", reviewer_html)
    assert "我的稿件" not in reviewer_html


def test_revisions_are_listed_compared_and_restored(client, people, now):
    article = build("draft", people, now)
    client = as_user(client, people["author"])
    client.post(
        change_url(article), article_form_data(article, body="<p>第二版正文，改了一句。</p>")
    )
    page = client.get(change_url(article)).content.decode()
    assert "第 1 版" in page and "第 2 版" in page and "与上一版比较" in page
    compare = client.get(reverse("admin:news_article_compare", args=[article.pk]),
                         {"a": 1, "b": 2}).content.decode()  # fmt: skip
    assert re.search(r"第<del>\d+篇文章的</del>正文", compare)
    assert "第<ins>二版</ins>正文<ins>，改了一句</ins>。" in compare
    client.post(reverse("admin:news_article_restore", args=[article.pk, 1]))
    stored = Article.objects.get(pk=article.pk)
    assert stored.current_revision.number == 3
    assert stored.body == article.body


@pytest.mark.parametrize("url_name", ["auditrecord", "revision"])
def test_history_is_read_only_for_everyone(client, people, superuser, now, url_name):
    article = build("returned", people, now)
    history = article.audit_records if url_name == "auditrecord" else article.revisions
    record = history.first()
    root = as_user(client, superuser)
    for path in [f"admin:news_{url_name}_add", f"admin:news_{url_name}_delete"]:
        args = [] if path.endswith("_add") else [record.pk]
        assert root.post(reverse(path, args=args), {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
    # The change view: a superuser may read it, and a POST is refused, not stored.
    change = reverse(f"admin:news_{url_name}_change", args=[record.pk])
    assert 'name="_save"' not in root.get(change).content.decode()
    forged = {"reason": "改过的理由", "note": "改过的说明", "title": "改过的标题",
              "action": "approve", "number": "99"}  # fmt: skip
    assert root.post(change, forged).status_code == 403
    stored = type(record).objects.get(pk=record.pk)
    assert [getattr(stored, f, None) for f in ("reason", "note", "title")] == [
        getattr(record, f, None) for f in ("reason", "note", "title")]  # fmt: skip


def test_the_auditor_reads_all_history_and_changes_nothing(client, people, now):
    article = build("returned", people, now)
    client = as_user(client, people["auditor"])
    html = client.get(reverse("admin:news_auditrecord_changelist")).content.decode()
    assert "请补充时间" in html and "退回" in html
    page = client.get(change_url(article)).content.decode()
    assert "审核记录" in page and 'name="_save"' not in page
    response = client.post(change_url(article), article_form_data(article, title="审计员改的"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).title == article.title


def test_a_site_admin_sets_the_number_of_review_levels(client, people):
    client = as_user(client, people["site_admin"])
    url = reverse("admin:news_sitesettings_change", args=[SiteSettings.load().pk])
    assert "审核级数" in client.get(url).content.decode()
    assert client.post(url, site_settings_form_data(review_levels="2")).status_code == 302
    assert SiteSettings.load().review_levels == 2
    assert as_user(client, people["author"]).get(url).status_code == 403


class TestPreview:
    def test_staff_who_may_see_it_get_the_latest_text_with_a_banner(self, client, people, now):
        article = build("published", people, now)
        services.article_save(article=edited(article, title="修改后的标题"), by=people["author"])
        response = as_user(client, people["author"]).get(f"/news/{article.pk}/preview/")
        html = response.content.decode()
        assert "修改后的标题" in html and "预览" in html
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert Article.objects.get(pk=article.pk).view_count == article.view_count

    @pytest.mark.parametrize("who", [None, "other_author", "reviewer3"])
    def test_a_draft_preview_is_404_for_everyone_else(self, client, people, now, who):
        article = build("draft", people, now)
        if who:
            as_user(client, people[who])
        response = client.get(f"/news/{article.pk}/preview/")
        assert response.status_code == 404
        assert article.title not in response.content.decode()


def test_every_workflow_step_in_the_admin_leaves_an_audit_record(client, people, now):
    article = build("submitted_1", people, now)
    for reviewer in REVIEWERS:
        client = as_user(client, people[reviewer])
        client.post(step_url(article, "approve"), step_form_data("approve", article))
    actions = list(article.audit_records.order_by("at", "id").values_list("action", flat=True))
    assert actions[-3:] == [AuditRecord.Action.APPROVE] * 3
    assert Article.objects.get(pk=article.pk).is_published()


def test_only_a_site_admin_may_create_or_open_the_site_settings(client, people):
    data = site_settings_form_data(review_levels="1")
    SiteSettings.objects.all().delete()
    author = as_user(client, people["author"])
    author.post(reverse("admin:news_sitesettings_add"), data)
    assert not SiteSettings.objects.exists()
    assert author.get(reverse("admin:news_sitesettings_changelist")).status_code == 403


def test_changing_only_the_proposed_publish_time_of_a_draft_is_kept(client, people, now, tomorrow):
    article = build("draft", people, now)
    as_user(client, people["author"]).post(
        change_url(article), article_form_data(article, **publish_at_fields(tomorrow))
    )
    stored = Article.objects.get(pk=article.pk)
    assert local_minute(stored.publish_at) == local_minute(tomorrow)


def test_an_approval_without_the_revision_read_is_refused(client, people, now):
    article = build("submitted_1", people, now)
    response = as_user(client, people["reviewer1"]).post(step_url(article, "approve"), follow=True)
    assert any("审阅全文" in message for message in messages_of(response))
    assert Article.objects.get(pk=article.pk).review_level == 1


def test_reviewers_read_the_online_text_not_an_authors_unsubmitted_edit(client, people, now):
    article = build("published", people, now)
    services.article_save(article=edited(article, title="作者还没提交的修改"), by=people["author"])
    reviewer = as_user(client, people["reviewer1"])
    assert "作者还没提交的修改" not in reviewer.get(change_url(article)).content.decode()
    assert "作者还没提交的修改" not in reviewer.get(f"/news/{article.pk}/preview/").content.decode()
    services.article_submit(article=article, by=people["author"])
    assert "作者还没提交的修改" in reviewer.get(change_url(article)).content.decode()


@pytest.mark.parametrize("params", [{"a": "abc"}, {"a": "1", "b": "99"}, {"b": "-1"}])
def test_comparing_revisions_that_do_not_exist_is_a_404(client, people, now, params):
    article = build("draft", people, now)
    url = reverse("admin:news_article_compare", args=[article.pk])
    assert as_user(client, people["author"]).get(url, params).status_code == 404


def test_a_revision_number_that_does_not_exist_is_a_404(client, people, now):
    article = build("draft", people, now)
    url = reverse("admin:news_article_revision", args=[article.pk, 99])
    assert as_user(client, people["author"]).get(url).status_code == 404


def test_a_bad_new_publish_time_is_a_form_error_and_keeps_the_reason(client, people, now):
    article = build("published", people, now)
    response = as_user(client, people["site_admin"]).post(
        step_url(article, "reschedule"),
        step_form_data(
            "reschedule", publish_at_0="2026-02-30", publish_at_1="25:00", reason="按文件日期"
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "输入一个有效的日期。" in html
    assert "按文件日期" in html
    assert Article.objects.get(pk=article.pk).publish_at == article.publish_at
