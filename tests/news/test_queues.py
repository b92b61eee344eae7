"""One rule for "waiting for this reviewer", and "public" apart from status.

The queue (a queryset) and the approve guard (an instance check) are two forms of one rule;
these tests hold them to each other over every role and state, so neither can drift.
"""

import pytest
from django.urls import reverse

from news import services
from news.models import Article
from tests.factories import (
    ARTICLE_LIST_URL,
    STATES,
    approve,
    as_user,
    build,
    make_article,
    make_column,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]


def in_queue(article, user):
    return Article.objects.awaiting_review_by(user).filter(pk=article.pk).exists()


@pytest.mark.parametrize("state", STATES)
def test_an_article_is_in_a_queue_exactly_when_its_reviewer_may_approve_it(
    people, superuser, now, state
):
    article = build(state, people, now)
    everyone = {**people, "two_levels": make_user("two_levels", "初审", "复审"), "root": superuser}
    for name, user in everyone.items():
        article = Article.objects.get(pk=article.pk)
        may_approve = "approve" in article.allowed_actions(user)
        assert in_queue(article, user) == may_approve, (name, state)
        assert article.is_awaiting_review_by(user) == may_approve, (name, state)
        # The queue is the part of visible_to that shows reviewers what is not online yet.
        if may_approve:
            assert Article.objects.visible_to(user).filter(pk=article.pk).exists()
        # The people named and mailed for the level are the same rule (superusers only
        # through a role they hold).
        if article.status == Article.Status.SUBMITTED:
            named = user in article.level_reviewers(article.review_level)
            assert named == (may_approve and not user.is_superuser), (name, state)


def test_a_reviewer_of_two_levels_leaves_the_queue_after_deciding_one(people, now):
    """Separation of duties in the queue too: approved at 初审, not again at 复审."""
    both = make_user("two_levels", "初审", "复审")
    article = build("submitted_1", people, now)
    assert in_queue(article, both)
    approve(article, both)
    article.refresh_from_db()
    assert article.review_level == 2
    assert not in_queue(article, both)
    assert article.allowed_actions(both) == []
    assert in_queue(article, people["reviewer2"])


def test_a_reviewer_of_two_levels_who_passed_level_one_is_neither_mailed_nor_named_for_two(
    people, now, client, mailoutbox, django_capture_on_commit_callbacks
):
    both = make_user("two_levels", "初审", "复审", email="both@example.com")
    article = build("submitted_1", people, now)
    with django_capture_on_commit_callbacks(execute=True):
        approve(article, both)
    article.refresh_from_db()
    assert both not in article.level_reviewers(2)
    waiting_for_two = [m for m in mailoutbox if m.subject.startswith("待复审")]
    assert {address for m in waiting_for_two for address in m.to} == {"reviewer2@example.com"}
    html = as_user(client, people["site_admin"]).get(ARTICLE_LIST_URL).content.decode()
    assert "two_levels" not in html and str(people["reviewer2"]) in html


def test_the_confirmation_of_level_one_names_the_next_reviewers_without_the_one_deciding(
    people, now, client
):
    both = make_user("two_levels", "初审", "复审")
    article = build("submitted_1", people, now)
    page = (
        as_user(client, both)
        .get(
            reverse("admin:news_article_workflow", args=[article.pk, "approve"])
            + f"?revision_id={article.current_revision_id}"
        )
        .content.decode()
    )
    assert "等待复审（reviewer2）" in page


def test_a_superuser_never_finds_their_own_article_in_their_queue(superuser):
    root = superuser
    article = make_article(status=Article.Status.DRAFT, by=root)
    services.article_submit(article=article, by=root)
    article.refresh_from_db()
    assert not in_queue(article, root)
    assert "approve" not in article.allowed_actions(root)


def test_a_reviewer_reads_the_edit_of_an_online_article_once_it_waits_for_them(people, now):
    article = build("published", people, now)
    online_title = article.title
    article.title = "修改后的标题"
    services.article_save(article=article, by=people["author"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.version_for(people["reviewer1"]).title == online_title
    services.article_submit(article=stored, by=people["author"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.version_for(people["reviewer1"]).title == "修改后的标题"


class TestOnSiteFilter:
    """在网站上 follows published(), not status: an online article whose edit is being written
    has status draft and is still public."""

    @pytest.fixture
    def articles(self, people, now, tomorrow):
        column = make_column()
        edited = make_article(column, title="有修改稿的文章", by=people["author"])
        edited.body = "<p>新的正文</p>"
        services.article_save(article=edited, by=people["author"])
        return {
            "edited": Article.objects.get(pk=edited.pk),
            "online": make_article(column, title="在线文章", by=people["author"]),
            "scheduled": make_article(
                column, title="明天发布", publish_at=tomorrow, by=people["author"]
            ),
            "draft": make_article(
                column, title="还是草稿", status=Article.Status.DRAFT, by=people["author"]
            ),
        }

    def titles(self, client, user, params):
        response = as_user(client, user).get(ARTICLE_LIST_URL, params)
        assert response.status_code == 200
        return {title for title in self.all_titles if title in response.content.decode()}

    all_titles = ["有修改稿的文章", "在线文章", "明天发布", "还是草稿"]

    def test_an_online_article_with_a_saved_edit_is_on_the_site(self, client, people, articles):
        assert articles["edited"].status == Article.Status.DRAFT
        assert articles["edited"].is_published()
        on_site = self.titles(client, people["site_admin"], {"on_site": "yes"})
        assert on_site == {"有修改稿的文章", "在线文章"}

    def test_not_on_the_site_are_drafts_and_what_waits_for_its_time(self, client, people, articles):
        off_site = self.titles(client, people["site_admin"], {"on_site": "no"})
        assert off_site == {"明天发布", "还是草稿"}

    def test_the_status_filter_alone_misses_the_edited_online_article(
        self, client, people, articles
    ):
        published = self.titles(client, people["site_admin"], {"status__exact": "published"})
        assert "有修改稿的文章" not in published
