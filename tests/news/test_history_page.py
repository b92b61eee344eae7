"""The change page's 历史 button opens the article's real history: its revisions and every review
decision with who, when and why — not Django's generic log of admin changes."""

import pytest
from django.urls import reverse

from news import services
from tests.factories import as_user, build, change_url, edited

pytestmark = pytest.mark.django_db


def history_url(article):
    return reverse("admin:news_article_history", args=[article.pk])


def test_history_lists_the_revisions_and_the_review_decisions_by_name(client, people, now):
    article = build("returned", people, now)
    people["reviewer1"].first_name = "张三"
    people["reviewer1"].save()
    html = as_user(client, people["author"]).get(history_url(article)).content.decode()
    assert 'id="revisions"' in html and 'id="audit-trail"' in html
    assert "提交审核" in html and "退回" in html
    assert "张三" in html
    last_return = article.audit_records.filter(action="return").first()
    assert last_return.reason and last_return.reason in html
    assert "此对象没有修改历史" not in html and "动作" not in html  # Django's own page


def test_the_history_button_on_the_change_page_leads_there(client, people, now):
    article = build("submitted_1", people, now)
    html = as_user(client, people["author"]).get(change_url(article)).content.decode()
    assert f'href="{history_url(article)}"' in html


def test_history_shows_reviewers_only_what_they_may_read(client, people, now):
    article = build("published", people, now)
    services.article_save(article=edited(article, title="作者还没提交的修改"), by=people["author"])
    reviewer = as_user(client, people["reviewer1"])
    assert "作者还没提交的修改" not in reviewer.get(history_url(article)).content.decode()


def test_an_article_someone_may_not_see_has_no_history_for_them(client, people, now):
    article = build("draft", people, now)
    assert as_user(client, people["other_author"]).get(history_url(article)).status_code == 404
