"""消息: every workflow notification that is e-mailed is also kept in the admin for each
recipient (those without an address too), in the step's transaction; each member of staff reads
only their own, newest first, the unread in bold and counted in every admin page's header."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inbox import delivery
from inbox.models import Message
from news import services
from news.models import Article
from tests.factories import (
    ARTICLE_LIST_URL,
    approve,
    approve_all,
    as_user,
    build,
    change_url,
    make_article,
    make_user,
)

pytestmark = pytest.mark.django_db

INBOX_URL = reverse("admin:inbox_message_changelist")
READ_ALL_URL = reverse("admin:inbox_message_read_all")
INDEX_URL = reverse("admin:index")


def message_url(message):
    return reverse("admin:inbox_message_change", args=[message.pk])


def inbox_of(user):
    return list(Message.objects.of(user).order_by("created_at", "pk"))


def tell(user, subject, text="正文", link="/admin/"):
    """A message for user, as the workflow's notifications store them."""
    return delivery.notify([user], subject=subject, text=text, link=link)[0]


def test_every_workflow_e_mail_is_also_a_message_with_its_subject_text_and_link(
    people, now, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://www.caiqiao.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        article = build("submitted_1", people, now)  # 待初审 → reviewer1
        approve(article, people["reviewer1"])  # 待复审 → reviewer2
        services.article_return(article=article, by=people["reviewer2"], reason="请核实数据")
        services.article_submit(article=article, by=people["author"])
        approve_all(article, people)  # … and 已发布 → the author
    assert len(mail.outbox) == 7
    for person in people.values():
        mailed = [(m.subject, m.body) for m in mail.outbox if m.to == [person.email]]
        stored = [(m.subject, f"{m.text}\n\nhttps://www.caiqiao.gov.cn{m.link}")
                  for m in inbox_of(person)]  # fmt: skip
        assert stored == mailed, person
    assert Message.objects.count() == len(mail.outbox)
    author_inbox = inbox_of(people["author"])
    assert [m.subject.split("：")[0] for m in author_inbox] == ["稿件被退回", "稿件已发布"]
    assert "请核实数据" in author_inbox[0].text
    assert author_inbox[0].link == change_url(article)
    assert author_inbox[1].link == Article.objects.get(pk=article.pk).get_absolute_url()
    assert inbox_of(people["reviewer1"])[0].link == change_url(article)


def test_a_reviewer_without_an_e_mail_address_still_gets_the_message(
    people, now, django_capture_on_commit_callbacks
):
    no_address = make_user("chushen2", "初审", first_name="李娜")
    with django_capture_on_commit_callbacks(execute=True):
        article = build("submitted_1", people, now)
    assert [m.to for m in mail.outbox] == [["reviewer1@example.com"]]
    (message,) = inbox_of(no_address)
    assert message.subject == f"待初审：{article.title}"
    assert len(inbox_of(people["reviewer1"])) == 1


def test_a_scheduled_article_coming_out_tells_its_author_in_the_inbox(people, now):
    article = build("scheduled", people, now)
    services.publish_due(now=now + timedelta(days=1, minutes=1))
    assert [m.subject for m in inbox_of(people["author"])] == [f"稿件已发布：{article.title}"]


def test_muted_notifications_store_no_message_and_send_no_e_mail(
    people, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), delivery.muted():
        build("published", people, now)
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_a_step_rolled_back_leaves_no_message(people):
    article = make_article(status=Article.Status.DRAFT, by=people["author"])
    with pytest.raises(RuntimeError), transaction.atomic():
        services.article_submit(article=article, by=people["author"])
        assert len(inbox_of(people["reviewer1"])) == 1  # stored with the step…
        raise RuntimeError("the request failed after the step")
    assert inbox_of(people["reviewer1"]) == []  # …and gone with it
    assert mail.outbox == []


def test_the_message_is_there_before_the_commit_and_the_e_mail_only_after(
    people, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        build("submitted_1", people, now)
    assert len(inbox_of(people["reviewer1"])) == 1
    assert mail.outbox == []
    for callback in waiting:
        callback()
    assert [m.to for m in mail.outbox] == [["reviewer1@example.com"]]


def test_the_inbox_lists_only_ones_own_messages_newest_first_unread_in_bold(client, people):
    reviewer, author = people["reviewer1"], people["author"]
    older = tell(reviewer, "待初审：关于冬季森林防火的通知")
    Message.objects.filter(pk=older.pk).update(created_at=older.created_at - timedelta(hours=2))
    read = tell(reviewer, "待初审：民生实事项目征集启事")
    Message.objects.filter(pk=read.pk).mark_read()
    Message.objects.filter(pk=read.pk).update(created_at=read.created_at - timedelta(hours=1))
    newest = tell(reviewer, "待初审：油菜冬季田间管理")
    tell(author, "稿件被退回：别人的稿件")
    html = as_user(client, reviewer).get(INBOX_URL).content.decode()
    positions = [html.find(m.subject) for m in [newest, read, older]]
    assert -1 not in positions and positions == sorted(positions)
    assert f'<strong class="inbox-unread">{newest.subject}</strong>' in html
    assert f'<strong class="inbox-unread">{older.subject}</strong>' in html
    assert f'<strong class="inbox-unread">{read.subject}</strong>' not in html
    assert "别人的稿件" not in html
    assert "全部标为已读" in html


def test_a_superuser_sees_only_their_own_messages_too(client, people, superuser):
    tell(people["author"], "稿件被退回：作者的稿件")
    html = as_user(client, superuser).get(INBOX_URL).content.decode()
    assert "作者的稿件" not in html


def test_opening_a_message_shows_its_text_and_link_and_marks_it_read(client, people):
    article = make_article(status=Article.Status.DRAFT, by=people["author"])
    message = tell(people["reviewer1"], "待初审：冬季防火", "刘敏的稿件《冬季防火》等待初审。",
                   change_url(article))  # fmt: skip
    reviewer = as_user(client, people["reviewer1"])
    assert "inbox-count" in reviewer.get(INBOX_URL).content.decode()
    html = reviewer.get(message_url(message)).content.decode()
    assert "刘敏的稿件《冬季防火》等待初审。" in html
    assert f'href="{change_url(article)}"' in html
    assert Message.objects.get(pk=message.pk).is_read
    list_html = reviewer.get(INBOX_URL).content.decode()
    assert '<strong class="inbox-unread">' not in list_html
    assert "inbox-count" not in list_html  # nothing unread: no count in the header


def test_another_users_message_is_not_found(client, people):
    message = tell(people["author"], "稿件被退回：作者的稿件", "退回理由：请补充时间")
    stranger = as_user(client, people["reviewer1"])
    for url in [message_url(message), reverse("admin:inbox_message_history", args=[message.pk]),
                INBOX_URL + f"{message.pk}/"]:  # fmt: skip
        response = stranger.get(url, follow=True)
        assert response.status_code == 404, url
        assert "请补充时间" not in response.content.decode()
    assert not Message.objects.get(pk=message.pk).is_read
    assert as_user(client, people["author"]).get(message_url(message)).status_code == 200


def test_all_marked_read_marks_only_ones_own(client, people):
    mine = [tell(people["reviewer1"], f"待初审：稿件{n}") for n in range(3)]
    theirs = tell(people["author"], "稿件被退回：作者的稿件")
    reviewer = as_user(client, people["reviewer1"])
    assert reviewer.get(READ_ALL_URL).status_code == 405  # a link cannot do it
    response = reviewer.post(READ_ALL_URL, follow=True)
    assert "已将 3 条消息标为已读。" in response.content.decode()
    assert all(m.is_read for m in Message.objects.filter(pk__in=[m.pk for m in mine]))
    assert not Message.objects.get(pk=theirs.pk).is_read
    assert "全部标为已读" not in response.content.decode()


def test_messages_cannot_be_added_changed_or_deleted_in_the_admin(client, people):
    message = tell(people["reviewer1"], "待初审：冬季防火")
    reviewer = as_user(client, people["reviewer1"])
    assert reviewer.get(reverse("admin:inbox_message_add")).status_code == 403
    delete_url = reverse("admin:inbox_message_delete", args=[message.pk])
    assert reviewer.post(delete_url, {"post": "yes"}).status_code == 403
    assert Message.objects.filter(pk=message.pk).exists()


def test_only_staff_have_an_inbox(client):
    resident = make_user("resident", is_staff=False)
    tell(resident, "不该出现")
    response = as_user(client, resident).get(INBOX_URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    "url", [INDEX_URL, ARTICLE_LIST_URL, INBOX_URL, reverse("admin:password_change")]
)
def test_the_header_of_every_admin_page_counts_the_unread(client, people, url):
    for number in range(3):
        tell(people["reviewer1"], f"待初审：稿件{number}")
    Message.objects.filter(pk=tell(people["reviewer1"], "已读的").pk).mark_read()
    tell(people["author"], "别人的")
    html = as_user(client, people["reviewer1"]).get(url).content.decode()
    header = html[
        html.index('<div id="user-tools">') : html.index("</div>", html.index("user-tools"))
    ]
    assert f'欢迎，<strong>{people["reviewer1"]}</strong>。<a href="{INBOX_URL}"' in header
    assert '<span class="inbox-count" aria-label="3 条未读">3</span>' in header


def test_the_admin_index_says_how_many_are_unread(client, people):
    reviewer = as_user(client, people["reviewer1"])
    assert "条未读消息" not in reviewer.get(INDEX_URL).content.decode()
    for number in range(2):
        tell(people["reviewer1"], f"待初审：稿件{number}")
    html = reviewer.get(INDEX_URL).content.decode()
    assert f'<a href="{INBOX_URL}?read=no">您有 2 条未读消息</a>' in html
    assert "条未读消息" not in reviewer.get(ARTICLE_LIST_URL).content.decode()  # the index only


def inbox_queries(client, url):
    """All queries of one request, and those that read the messages table."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured), [q["sql"] for q in captured if "inbox_message" in q["sql"]]


@pytest.mark.parametrize("url", [INDEX_URL, ARTICLE_LIST_URL])
def test_the_unread_count_is_one_query_however_many_messages_and_places(client, people, url):
    """The header and the index's line share one COUNT; more messages, no more queries."""
    reviewer = as_user(client, people["reviewer1"])
    tell(people["reviewer1"], "待初审：第一篇")
    reviewer.get(url)  # warm what the first request of a session loads
    few, few_inbox = inbox_queries(reviewer, url)
    for number in range(20):
        tell(people["reviewer1"], f"待初审：稿件{number}")
    many, many_inbox = inbox_queries(reviewer, url)
    assert len(few_inbox) == len(many_inbox) == 1 and "COUNT(" in few_inbox[0]
    assert few == many


def test_the_inbox_page_costs_the_same_for_three_messages_or_thirty(client, people):
    reviewer = as_user(client, people["reviewer1"])
    for number in range(3):
        tell(people["reviewer1"], f"待初审：稿件{number}")
    reviewer.get(INBOX_URL)
    few, few_inbox = inbox_queries(reviewer, INBOX_URL)
    for number in range(27):
        tell(people["reviewer1"], f"待初审：更多{number}")
    many, _ = inbox_queries(reviewer, INBOX_URL)
    assert few == many
    assert (
        len(few_inbox) <= 4
    )  # the header's count, whether any is unread, the page's count, the page


def test_each_recipient_gets_an_e_mail_of_their_own(django_capture_on_commit_callbacks):
    people = [make_user(f"reviewer{n}", "初审", email=f"r{n}@example.com") for n in (1, 2)]
    with django_capture_on_commit_callbacks(execute=True):
        delivery.notify(people, subject="待初审：通知", text="稿件等待初审。")
    assert sorted(m.to for m in mail.outbox) == [["r1@example.com"], ["r2@example.com"]]
