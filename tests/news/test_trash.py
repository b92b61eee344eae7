"""回收站: a site admin moves an article there (off the public site at once, out of the usual
admin list) and back (where it was); only from there is it deleted for good, by a site admin,
with a line in the security audit log."""

import re
import time

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from accounts.models import SecurityEvent
from news.models import Article, AuditRecord
from tests.factories import ARTICLE_LIST_URL, PHONE_BROWSER, as_user, build, events

pytestmark = pytest.mark.django_db

TITLE = "镇政府召开冬季安全生产会议"


@pytest.fixture
def article(people, now):
    article = build("published", people, now)
    Article.objects.filter(pk=article.pk).update(title=TITLE)
    return Article.objects.get(pk=article.pk)


def act(user, action, article, **params):
    """A member of staff runs an action of the article list on article; the page after it."""
    client = as_user(Client(), user)
    query = "&".join(f"{name}={value}" for name, value in params.items())
    data = {"action": action, "_selected_action": [article.pk]}
    return client.post(f"{ARTICLE_LIST_URL}?{query}", data, follow=True)


def public_everywhere(article):
    """Whether residents find the article: its page, the lists, the feed, the sitemap, search."""
    resident = Client(HTTP_USER_AGENT=PHONE_BROWSER)
    page = resident.get(article.get_absolute_url()).status_code
    lists = ["/", "/news/", article.column.get_absolute_url(), "/feed/", f"/search/?q={TITLE[:4]}",
             "/sitemap.xml"]  # fmt: skip
    found = [article.get_absolute_url() in resident.get(url).content.decode() for url in lists]
    return page, found


SITEMAP_CACHE_SECONDS = 600  # website/urls.py


def lists_renewed():
    """Later, once the lists (LIST_CACHE_SECONDS) and the sitemap have left the cache: they lag
    behind a trashed article as behind a withdrawn one."""
    seconds = max(settings.LIST_CACHE_SECONDS, SITEMAP_CACHE_SECONDS) + 1
    return time_machine.travel(time.time() + seconds, tick=True)


def listed(user, **params):
    response = as_user(Client(), user).get(ARTICLE_LIST_URL, params)
    return TITLE in response.content.decode()


def test_a_site_admin_moves_an_article_to_the_trash_and_it_leaves_the_public_site(article, people):
    assert public_everywhere(article) == (200, [True] * 6)
    act(people["site_admin"], "trash_selected", article)
    stored = Article.objects.get(pk=article.pk)
    assert stored.trashed_by == people["site_admin"] and stored.trashed_at is not None
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # Its page at once; the lists once their time in the cache is over.
    assert public_everywhere(article)[0] == 404
    with lists_renewed():
        assert public_everywhere(article) == (404, [False] * 6)
    assert not listed(people["site_admin"])
    assert listed(people["site_admin"], trash="yes")
    filter_links = as_user(Client(), people["site_admin"]).get(ARTICLE_LIST_URL).content.decode()
    assert "回收站以外的文章" in filter_links and "回收站里的文章" in filter_links
    assert stored.audit_records.first().action == AuditRecord.Action.TRASH


def test_restored_from_the_trash_it_is_back_where_it_was(article, people):
    act(people["site_admin"], "trash_selected", article)
    page = act(people["site_admin"], "untrash_selected", article, trash="yes")
    assert "已恢复 1 篇文章" in page.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert (stored.trashed_at, stored.status, stored.live_revision) == (
        None, article.status, article.live_revision)  # fmt: skip
    assert stored.view_count == article.view_count
    with lists_renewed():
        assert public_everywhere(article) == (200, [True] * 6)
    assert listed(people["site_admin"]) and not listed(people["site_admin"], trash="yes")


def test_a_draft_restored_stays_a_draft_off_the_site(people, now):
    draft = build("draft", people, now)
    act(people["site_admin"], "trash_selected", draft)
    act(people["site_admin"], "untrash_selected", draft, trash="yes")
    stored = Article.objects.get(pk=draft.pk)
    assert stored.trashed_at is None and stored.status == "draft" and not stored.is_published()


def test_deleted_for_good_from_the_trash_the_row_is_gone_and_the_audit_log_says_who(
    article, people
):
    act(people["site_admin"], "trash_selected", article)
    page = act(people["site_admin"], "delete_for_good", article, trash="yes")
    assert "已彻底删除 1 篇文章" in page.content.decode()
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not AuditRecord.objects.filter(article_id=article.pk).exists()
    deleted = events(SecurityEvent.Action.ARTICLE_DELETE)
    assert [(e.user, e.result, e.target) for e in deleted] == [
        (people["site_admin"], "success", f"文章 #{article.pk}《{TITLE}》")
    ]
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_an_article_not_in_the_trash_is_not_deleted_for_good(article, people):
    page = act(people["site_admin"], "delete_for_good", article)
    assert "只能彻底删除回收站里的文章" in page.content.decode()
    assert Article.objects.get(pk=article.pk).is_published()
    assert events(SecurityEvent.Action.ARTICLE_DELETE)[-1].result == "refused"


@pytest.mark.parametrize("who", ["author", "reviewer3", "auditor"])
@pytest.mark.parametrize("action", ["trash_selected", "untrash_selected", "delete_for_good"])
def test_staff_other_than_site_admins_cannot_use_the_trash(article, people, who, action):
    if action != "trash_selected":
        act(people["site_admin"], "trash_selected", article)
    before = Article.objects.values("trashed_at").get(pk=article.pk)
    act(people[who], action, article, trash="yes")
    assert Article.objects.values("trashed_at").get(pk=article.pk) == before
    page = as_user(Client(), people[who]).get(ARTICLE_LIST_URL, {"trash": "yes"})
    assert action not in page.content.decode()


def test_the_trash_guards_refuse_without_the_permission(article, people, now):
    """The model's guards, whoever calls them (a management command, a future view)."""
    from news import services
    from news.models import WorkflowError

    with pytest.raises(WorkflowError):
        services.article_trash(article=article, by=people["reviewer3"])
    services.article_trash(article=article, by=people["site_admin"])
    with pytest.raises(WorkflowError):
        services.article_delete(article=article, by=people["reviewer3"])
    assert Article.objects.filter(pk=article.pk).exists()


def test_the_admin_index_counts_nothing_in_the_trash(people, now):
    """Its counts are the lists' counts: what the list hides is not counted either."""
    submitted = build("submitted_1", people, now)
    build("draft", people, now)
    act(people["site_admin"], "trash_selected", submitted)
    author = as_user(Client(), people["author"]).get("/admin/").content.decode()
    assert re.search(r">审核中</a> <strong class=\"count\">0<", author)
    assert re.search(r">草稿</a> <strong class=\"count\">1<", author)
    reviewer = as_user(Client(), people["reviewer1"]).get("/admin/").content.decode()
    assert submitted.title not in reviewer
    assert re.search(r"待我审核</a> <strong class=\"count\">0<", reviewer), reviewer[-3000:]


def test_in_the_trash_an_article_waits_for_no_reviewer_and_no_step(people, now):
    """What was approved in the trash would go online with the restore, unseen: no step there."""
    from news import services
    from news.models.workflow import WorkflowError

    article = build("submitted_1", people, now)
    services.article_trash(article=article, by=people["site_admin"])
    article = Article.objects.get(pk=article.pk)
    reviewer = people["reviewer1"]
    assert not Article.objects.awaiting_review_by(reviewer).filter(pk=article.pk).exists()
    assert "回收站" in article.review_refusal(reviewer)
    with pytest.raises(WorkflowError, match="回收站"):
        services.article_approve(
            article=article, by=reviewer, revision_id=article.current_revision_id, comment="同意"
        )
    for check in (
        lambda: article.check_edit(people["author"]),
        lambda: article.check_submit(people["author"]),
        lambda: article.check_withdraw(people["site_admin"], "理由"),
        lambda: article.check_reschedule(people["site_admin"], now, "理由"),
    ):
        with pytest.raises(WorkflowError, match="回收站"):
            check()
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == "submitted" and stored.live_revision_id is None
