"""Autosave on the server: a private draft per user and form, offered back on the form, forgotten
by a real save; refused, with a message, to whoever may not edit, without a session, or with
data that is not a form's. (What the browser does with it: tests/e2e/test_autosave.py.)"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from autosave.models import Draft
from news.models import Article
from tests.factories import (
    ARTICLE_ADD_URL,
    ROLES,
    article_form_data,
    as_user,
    change_url,
    make_article,
    make_column,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]

ADD_AUTOSAVE = reverse("admin:news_article_autosave_add")
TYPED = {"title": ["冬季森林防火巡查的通知"], "body": ["<p>各村：请于12月5日前……</p>"]}


def autosave_url(article):
    return reverse("admin:news_article_autosave", args=[article.pk])


def autosave(client, url, data=TYPED, **extra):
    return client.post(url, {"data": json.dumps(data, ensure_ascii=False), **extra})


def offered(client, url):
    """The autosave settings the form's page gives its script (templates/autosave/panel.html)."""
    html = client.get(url).content.decode()
    start = html.find('<script id="autosave-config" type="application/json">')
    if start < 0:
        return None
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_what_is_typed_is_kept_for_its_user_and_offered_on_the_form(client, people):
    author = as_user(client, people["author"])
    answer = autosave(author, ADD_AUTOSAVE)
    assert answer.status_code == 200 and answer.json()["saved_at"] > 0
    draft = Draft.objects.get()
    assert (draft.user, draft.form, draft.data) == (people["author"], "news.article:add", TYPED)
    config = offered(author, ARTICLE_ADD_URL)
    assert config["draft"] == TYPED and config["savedAt"] == answer.json()["saved_at"]
    assert config["url"] == ADD_AUTOSAVE and config["interval"] == 30
    other = make_article(make_column(), status=Article.Status.DRAFT, by=people["author"])
    assert offered(author, change_url(other))["draft"] is None  # another form: its own draft


def test_a_draft_is_private_to_its_author(client, people):
    autosave(as_user(client, people["author"]), ADD_AUTOSAVE)
    colleague = make_user("colleague", *ROLES["author"])
    assert offered(as_user(Client(), colleague), ARTICLE_ADD_URL)["draft"] is None


def test_saving_for_real_forgets_the_draft(client, people):
    column = make_column()
    author = as_user(client, people["author"])
    autosave(author, ADD_AUTOSAVE)
    first = Draft.objects.get().saved_at
    assert author.post(ARTICLE_ADD_URL, article_form_data(column=column)).status_code == 302
    draft = Draft.objects.get()
    assert draft.data is None and draft.saved_at > first  # older browser copies not offered
    assert offered(author, ARTICLE_ADD_URL)["draft"] is None

    article = Article.objects.get()
    autosave(author, autosave_url(article))
    assert offered(author, change_url(article))["draft"] == TYPED
    data = article_form_data(article, title="改过的标题")
    assert author.post(change_url(article), data).status_code == 302
    assert offered(author, change_url(article))["draft"] is None


def test_a_form_with_errors_keeps_the_draft(client, people):
    author = as_user(client, people["author"])
    autosave(author, ADD_AUTOSAVE)
    response = author.post(ARTICLE_ADD_URL, article_form_data(column=make_column(), title=""))
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert Draft.objects.get().data == TYPED


def test_discarding_forgets_the_draft(client, people):
    author = as_user(client, people["author"])
    autosave(author, ADD_AUTOSAVE)
    assert author.post(ADD_AUTOSAVE, {"discard": "1"}).json() == {"discarded": True}
    assert Draft.objects.get().data is None


def test_without_a_session_nothing_is_kept_and_the_answer_says_why(client):
    answer = autosave(client, ADD_AUTOSAVE)
    assert answer.status_code == 401 and "登录已过期" in answer.json()["error"]
    assert not Draft.objects.exists()


def test_who_may_not_edit_the_article_cannot_autosave_it(client, people):
    article = make_article(make_column())  # public: the auditor reads it, edits nothing
    auditor = as_user(client, people["auditor"])
    answer = autosave(auditor, autosave_url(article))
    assert answer.status_code == 403 and "不能修改" in answer.json()["error"]
    assert offered(auditor, change_url(article)) is None  # a page to read: no autosave
    assert autosave(as_user(client, people["author"]), "/admin/news/article/99999/autosave/"
                    ).status_code == 404  # fmt: skip
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("data", "status"),
    [("这不是 JSON", 400), ('["a list"]', 400), ('{"title": [1]}', 400), ('{"title": "x"}', 400)],
)
def test_data_that_is_not_a_form_is_refused(client, people, data, status):
    answer = as_user(client, people["author"]).post(ADD_AUTOSAVE, {"data": data})
    assert answer.status_code == status and "格式不对" in answer.json()["error"]
    assert not Draft.objects.exists()


def test_a_draft_too_large_is_refused_with_a_message(client, people, settings):
    settings.AUTOSAVE_MAX_BYTES = 1000
    answer = autosave(as_user(client, people["author"]), ADD_AUTOSAVE, {"body": ["字" * 400]})
    assert answer.status_code == 413 and "请手动保存" in answer.json()["error"]
    assert not Draft.objects.exists()


def test_autosave_needs_the_csrf_token(people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["author"])
    assert autosave(browser, ADD_AUTOSAVE).status_code == 403
    assert not Draft.objects.exists()


def test_only_post(client, people):
    assert as_user(client, people["author"]).get(ADD_AUTOSAVE).status_code == 405
