"""The workflow as staff meet it in the admin: buttons, forms, queues, history, bypass attempts."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from news import checks, services
from news.models import Article, AuditRecord, SiteSettings
from tests.factories import (
    ARTICLE_ADD_URL,
    ARTICLE_LIST_URL,
    PHONE_BROWSER,
    REVIEWERS,
    STATES,
    approve,
    article_form_data,
    as_user,
    build,
    change_url,
    edited,
    local_minute,
    mailed_to,
    make_article,
    make_column,
    make_user,
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


def test_saving_and_submitting_in_one_click_names_who_reviews_next(client, people, now):
    article = build("draft", people, now)
    response = as_user(client, people["author"]).post(
        change_url(article), article_form_data(article, _submit_for_review="1"), follow=True
    )
    assert f"稿件已提交审核。等待初审（{people['reviewer1']}）。" in messages_of(response)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.review_level) == ("submitted", 1)


def test_the_reviewers_a_submission_names_are_the_ones_e_mailed(
    client, people, now, django_capture_on_commit_callbacks
):
    """Both come from Article.level_reviewers: the author (even holding the role), inactive
    staff and superusers without the role are neither named nor e-mailed."""
    second = make_user("reviewer1b", "初审", email="b@example.com", first_name="李四")
    make_user("gone", "初审", email="gone@example.com", is_active=False)
    people["author"].groups.add(*people["reviewer1"].groups.all())
    make_user("root", is_superuser=True, email="root@example.com")
    article = build("draft", people, now)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, people["author"]).post(
            change_url(article), article_form_data(article, _submit_for_review="1"), follow=True
        )
    named = f"{people['reviewer1']}、{second}"
    assert f"稿件已提交审核。等待初审（{named}）。" in messages_of(response)
    assert mailed_to(mail.outbox, "待初审：") == ["b@example.com", "reviewer1@example.com"]


def test_a_submission_nobody_can_review_says_whom_to_ask(client, people, now):
    people["reviewer1"].groups.clear()
    article = build("draft", people, now)
    response = as_user(client, people["author"]).post(
        change_url(article), article_form_data(article, _submit_for_review="1"), follow=True
    )
    assert "稿件已提交审核。等待初审（目前没有人有初审权限，请联系站点管理员）。" in messages_of(
        response
    )


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
    assert f"已提交 1 篇稿件审核。等待初审（{people['reviewer1']}）。" in messages_of(response)


def test_there_is_no_bulk_delete_and_no_delete_but_from_the_trash(client, people, superuser, now):
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


APPROVE_LINK = re.compile(
    r'<a [^>]*href="([^"]+/workflow/approve/)\?revision_id=(\d+)"[^>]*>通过</a>'
)


def test_a_reviewer_approves_from_the_change_page_through_a_confirmation(client, people, now):
    article = build("submitted_1", people, now)
    client = as_user(client, people["reviewer1"])
    link = APPROVE_LINK.search(client.get(change_url(article)).content.decode())
    assert link, "the 通过 link is on the page"
    assert link.group(2) == str(article.current_revision_id)
    # Tapping it approves nothing yet: it shows the confirmation, with the revision read.
    page = client.get(f"{link.group(1)}?revision_id={link.group(2)}")
    html = page.content.decode()
    assert page.status_code == 200 and Article.objects.get(pk=article.pk).review_level == 1
    assert f'name="revision_id" value="{link.group(2)}"' in html
    assert 'name="comment"' in html and ">审核意见" in html and 'value="确认通过"' in html
    response = client.post(
        link.group(1), {"revision_id": link.group(2), "comment": ""}, follow=True
    )
    assert messages_of(response) == [f"已通过初审，等待复审（{people['reviewer2']}）。"]
    assert Article.objects.get(pk=article.pk).review_level == 2


def test_an_approval_keeps_its_review_comment_in_the_audit_trail(client, people, now):
    article = build("submitted_1", people, now)
    reviewer = as_user(client, people["reviewer1"])
    reviewer.post(step_url(article, "approve"),
                  step_form_data("approve", article, comment="数据已与统计站核对。"))  # fmt: skip
    record = article.audit_records.get(action=AuditRecord.Action.APPROVE)
    assert (record.actor, record.reason) == (people["reviewer1"], "数据已与统计站核对。")
    page = as_user(client, people["author"]).get(change_url(article)).content.decode()
    trail = page[page.index('id="audit-trail"') :]
    assert "数据已与统计站核对。" in trail


def test_a_stale_approval_through_the_admin_is_refused_with_a_message(client, people, now):
    article = build("submitted_1", people, now)
    reviewer = as_user(client, people["reviewer1"])
    page = reviewer.get(change_url(article)).content.decode()
    opened = APPROVE_LINK.search(page)
    services.article_save(
        article=edited(article, body="<p>作者在审核期间改了正文。</p>"), by=people["author"]
    )
    services.article_submit(article=article, by=people["author"])
    # The confirmation carries the revision of the change page, not the latest: following
    # the old link is refused at once, and so is posting it.
    confirm = reviewer.get(f"{opened.group(1)}?revision_id={opened.group(2)}", follow=True)
    assert confirm.redirect_chain[-1][0] == change_url(article)
    assert any("又被修改过" in message for message in messages_of(confirm))
    response = reviewer.post(
        step_url(article, "approve"),
        step_form_data("approve", revision_id=opened.group(2), comment="同意"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == change_url(article)
    assert any("又被修改过" in message for message in messages_of(response))
    assert Article.objects.get(pk=article.pk).review_level == 1
    assert not article.audit_records.filter(action=AuditRecord.Action.APPROVE).exists()


@pytest.mark.parametrize("who", ["reviewer2", "author", "auditor"])
def test_the_confirmation_page_is_refused_to_those_who_may_not_approve(client, people, now, who):
    article = build("submitted_1", people, now)
    url = f"{step_url(article, 'approve')}?revision_id={article.current_revision_id}"
    response = as_user(client, people[who]).get(url)
    if response.status_code != 404:
        assert response.status_code == 302 and response["Location"] == change_url(article)
        assert 'value="确认通过"' not in response.content.decode()


TOMORROW_NINE = "09:00"


@pytest.mark.parametrize(
    ("case", "before", "after"),
    [
        ("level_1", "这是初审。确认通过后，稿件将等待复审（{reviewer2}）。",
         "已通过初审，等待复审（{reviewer2}）。"),
        ("due", "这是最后一级审核（终审）。确认通过后，文章将立即在网站发布，公众马上就能看到。",
         "已终审通过，文章已在网站发布。"),
        ("scheduled", "这是最后一级审核（终审）。确认通过后，文章将于 {time} 在网站发布，"
         "在此之前公众看不到。", "已终审通过，将于 {time} 在网站发布。"),
        ("edit_of_online", "这是最后一级审核（终审）。确认通过后，修改稿将立即替换网站上的版本，"
         "公众马上就能看到。", "已终审通过，文章已在网站发布。"),
    ],
)  # fmt: skip
def test_approval_says_before_and_after_what_happens_next(client, people, now, case, before,
                                                         after):  # fmt: skip
    """The final approval says, on the confirmation page and in the message after it, that
    the article goes public now, or at its scheduled time."""
    if case == "edit_of_online":
        article = build("published", people, now)
        services.article_save(article=edited(article), by=people["author"])
        services.article_submit(article=article, by=people["author"])
        approve(article, people["reviewer1"])
        approve(article, people["reviewer2"])
    else:
        article = build("submitted_1" if case == "level_1" else "submitted_3", people, now)
    if case == "scheduled":
        nine = timezone.localtime(now + timedelta(days=2)).replace(hour=9, minute=0)
        Article.objects.filter(pk=article.pk).update(publish_at=nine)
    stored = Article.objects.get(pk=article.pk)
    words = {"reviewer2": people["reviewer2"],
             "time": local_minute(stored.publish_at)}  # fmt: skip
    reviewer = people["reviewer1" if case == "level_1" else "reviewer3"]
    client = as_user(client, reviewer)
    page = client.get(f"{step_url(article, 'approve')}?revision_id={stored.current_revision_id}")
    assert before.format(**words) in page.content.decode()
    response = client.post(step_url(article, "approve"), step_form_data("approve", stored),
                           follow=True)  # fmt: skip
    assert messages_of(response) == [after.format(**words)]
    assert Article.objects.get(pk=article.pk).is_published() == (case in {"due", "edit_of_online"})


def test_returning_tells_the_reviewer_the_author_has_the_reason(
    client, people, now, django_capture_on_commit_callbacks
):
    article = build("submitted_1", people, now)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, people["reviewer1"]).post(
            step_url(article, "return"), step_form_data("return"), follow=True
        )
    assert messages_of(response) == [f"已退回给作者（{people['author']}），理由已通知作者。"]
    assert mail.outbox[-1].to == ["author@example.com"]
    assert "请补充会议时间和地点。" in mail.outbox[-1].body


def test_withdrawing_and_rescheduling_say_what_residents_now_see(client, people, now, tomorrow):
    article = build("published", people, now)
    client = as_user(client, people["site_admin"])
    moved = client.post(step_url(article, "reschedule"),
                        step_form_data("reschedule", **publish_at_fields(tomorrow)),
                        follow=True)  # fmt: skip
    assert messages_of(moved) == [
        f"发布时间已改为 {local_minute(tomorrow)}。在此之前文章不在网站上显示，到时自动发布。"
    ]
    back = client.post(
        step_url(article, "reschedule"),
        step_form_data("reschedule", **publish_at_fields(now)),
        follow=True,
    )
    assert messages_of(back) == [f"发布时间已改为 {local_minute(now)}，文章在网站上照常显示。"]
    withdrawn = client.post(step_url(article, "withdraw"), step_form_data("withdraw"),
                            follow=True)  # fmt: skip
    assert messages_of(withdrawn) == [
        f"已从网站撤回，公众已看不到这篇文章和它的附件。{people['author']}修改后可重新提交审核。"
    ]


EDIT_WARNING = ("这篇稿件正在{level}。保存修改后，稿件将回到草稿，本轮审核作废，"
                "须重新提交审核，从初审开始；点“保存并提交审核”可一步完成。")  # fmt: skip


@pytest.mark.parametrize(
    ("who", "state", "warned"),
    [("author", "submitted_1", "初审"), ("author", "submitted_2", "复审"),
     ("author", "draft", None), ("author", "returned", None), ("author", "published", None),
     ("reviewer1", "submitted_1", None)],
)  # fmt: skip
def test_the_change_page_warns_by_the_save_buttons_that_saving_ends_the_review(
    client, people, now, who, state, warned
):
    article = build(state, people, now)
    html = as_user(client, people[who]).get(change_url(article)).content.decode()
    if warned is None:
        assert 'id="edit-warning"' not in html
        return
    warning = html.index(EDIT_WARNING.format(level=warned))
    assert 0 < html.index('name="_save"') - warning < 1500  # just above the save buttons


@pytest.mark.parametrize(
    ("changed", "submit_again", "status", "told"),
    [
        (True, False, "draft", ["已保存。稿件原在复审，修改后已回到草稿，本轮审核作废。"
                                "请点“保存并提交审核”重新提交，审核将从初审开始。"]),
        (True, True, "submitted", ["稿件已提交审核。等待初审（{reviewer1}）。",
                                   "修改已保存，原来的复审作废，审核从初审重新开始。"]),
        (False, False, "submitted", []),
    ],
)  # fmt: skip
def test_saving_an_article_in_review_says_what_became_of_the_review(
    client, people, now, changed, submit_again, status, told
):
    article = build("submitted_2", people, now)
    data = article_form_data(article, **({"title": "改过的标题"} if changed else {}))
    if submit_again:
        data["_submit_for_review"] = "1"
    response = as_user(client, people["author"]).post(change_url(article), data, follow=True)
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == status
    assert stored.review_level == (1 if status == "submitted" and changed else
                                   2 if status == "submitted" else None)  # fmt: skip
    shown = [m for m in messages_of(response) if not m.startswith("已修改文章")]
    assert shown == [message.format(reviewer1=people["reviewer1"]) for message in told]


def test_an_e_mail_link_leads_through_the_login_to_the_change_page(
    people, now, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        article = build("submitted_1", people, now)
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    assert link == change_url(article)
    visitor = Client(HTTP_USER_AGENT=PHONE_BROWSER)
    to_login = visitor.get(link)
    assert to_login.status_code == 302
    login_url = to_login["Location"]
    assert login_url == f"{reverse('admin:login')}?next={quote(link)}"
    reviewer = people["reviewer1"]
    credentials = {"username": reviewer.username, "password": reviewer.raw_password}
    logged_in = visitor.post(login_url, {**credentials, "next": link})
    assert (logged_in.status_code, logged_in["Location"]) == (302, link)
    assert APPROVE_LINK.search(visitor.get(link).content.decode())


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


BUTTONS = {"通过": ">通过</a>", "退回": ">退回</a>", "撤回": ">撤回</a>",
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
    assert 'id="review-queue"' not in author_html
    reviewer_html = as_user(client, people["reviewer2"]).get("/admin/").content.decode()
    assert re.search(r"待我审核</a> <strong class=\"count\">1<", reviewer_html)
    assert "我的稿件" not in reviewer_html


@pytest.mark.parametrize("who", REVIEWERS)
def test_the_index_lists_by_title_exactly_the_articles_waiting_for_the_reviewer(
    client, people, now, who
):
    """Each a link to its change page, where 通过 is offered: in the list exactly when the
    reviewer may approve (the queue's rule and the approve guard agree)."""
    articles = [build(state, people, now) for state in STATES]
    edit = build("published", people, now)
    services.article_save(article=edited(edit, title="修改稿的新标题"), by=people["author"])
    services.article_submit(article=edit, by=people["author"])
    client = as_user(client, people[who])
    html = client.get("/admin/").content.decode()
    listed = re.findall(r'<li><a href="/admin/news/article/(\d+)/change/">([^<]+)</a>', html)
    approvable = {
        article.pk: Article.objects.get(pk=article.pk).working_copy().title
        for article in [*articles, edit]
        if "approve" in Article.objects.get(pk=article.pk).allowed_actions(people[who])
    }
    assert {int(pk): title for pk, title in listed} == approvable
    assert approvable  # each level has one waiting
    for pk in approvable:
        page = client.get(reverse("admin:news_article_change", args=[pk])).content.decode()
        assert APPROVE_LINK.search(page)


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


@pytest.fixture
def checks_run():
    """Each run of the pre-publication checks (news.checks), with whether a transaction (the
    row lock's) was open: a check of our own beside the registered ones, counting."""
    runs = []

    def count(article, *, revision=None, blocking_only=False):
        runs.append({"blocking_only": blocking_only, "in_transaction": connection.in_atomic_block})
        return []

    checks.pre_publication_checks.register(count)
    yield runs
    checks.pre_publication_checks.unregister(count)


@pytest.mark.django_db(transaction=True)
def test_one_approval_post_runs_the_checks_once_and_outside_the_row_lock(
    client, people, now, checks_run
):
    article = build("submitted_1", people, now)
    response = as_user(client, people["reviewer1"]).post(
        step_url(article, "approve"), {"revision_id": article.current_revision_id}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).review_level == 2
    assert checks_run == [{"blocking_only": False, "in_transaction": False}]


def test_the_findings_decided_on_are_the_ones_the_reviewer_was_shown(client, people, now):
    """Approval is refused for the findings of the text under review, computed once: a
    finding on the page needs a reason in the comment, kept with what was typed."""
    article = build("submitted_1", people, now)

    def always(article, *, revision=None, blocking_only=False):
        return [] if blocking_only else [checks.Finding("term", "错敏词“测试”")]

    checks.pre_publication_checks.register(always)
    try:
        reviewer = as_user(client, people["reviewer1"])
        url, read = step_url(article, "approve"), article.current_revision_id
        refused = reviewer.post(url, {"revision_id": read})
        assert "错敏词“测试”" in refused.content.decode()
        assert Article.objects.get(pk=article.pk).review_level == 1
        reviewer.post(url, {"revision_id": read, "comment": "已核实"})
    finally:
        checks.pre_publication_checks.unregister(always)
    assert Article.objects.get(pk=article.pk).review_level == 2


# (step, who posts it, the state the article is in): each step page as its rightful user meets it.
STEP_CASES = [
    ("submit", "author", "draft"),
    ("approve", "reviewer1", "submitted_1"),
    ("return", "reviewer1", "submitted_1"),
    ("withdraw", "site_admin", "published"),
    ("reschedule", "site_admin", "published"),
]


@pytest.mark.parametrize(("step", "who", "state"), STEP_CASES)
def test_a_step_posted_without_the_csrf_token_is_refused_and_changes_nothing(
    people, now, step, who, state
):
    """A page elsewhere that makes a logged-in reviewer's browser post 通过 gets a 403."""
    article = build(state, people, now)
    before = Article.objects.values("status", "review_level", "live_revision", "publish_at")
    before = before.get(pk=article.pk)
    records = article.audit_records.count()
    browser = as_user(Client(enforce_csrf_checks=True), people[who])
    data = {} if step == "submit" else step_form_data(step, article)
    if step == "reschedule":
        data.update(publish_at_fields(now + timedelta(days=3)))
    response = browser.post(step_url(article, step), data)
    assert response.status_code == 403
    after = Article.objects.values("status", "review_level", "live_revision", "publish_at")
    assert after.get(pk=article.pk) == before
    assert article.audit_records.count() == records
    # With the token the same post goes through: the 403 above was the token's.
    browser.get(change_url(article))
    token = browser.cookies["csrftoken"].value
    response = browser.post(step_url(article, step), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert (
        Article.objects.values("status", "review_level", "live_revision", "publish_at").get(
            pk=article.pk
        )
        != before
    )


def test_status_is_not_a_field_of_the_article_form_and_a_posted_one_changes_nothing(
    client, people, now
):
    article = build("submitted_1", people, now)
    client = as_user(client, people["author"])
    for url in (ARTICLE_ADD_URL, change_url(build("draft", people, now))):
        page = client.get(url)
        assert "status" not in page.context["adminform"].form.fields
        assert 'name="status"' not in page.content.decode()
    draft = Article.objects.filter(status="draft").get()
    for status in ("published", "approved"):
        client.post(change_url(draft), article_form_data(draft, status=status))
        assert Article.objects.get(pk=draft.pk).status == "draft"
        assert not Article.objects.published().filter(pk=draft.pk).exists()
    refused = SecurityEvent.objects.filter(result="refused", detail__contains="status")
    assert refused.count() == 2
    assert Article.objects.get(pk=article.pk).status == "submitted"
