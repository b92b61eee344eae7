"""Two change forms of one article open at once: whoever saves second is refused with a
message, keeps what they typed, and overwrites nothing (the optimistic check on the revision
each form was opened on)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.test import Client

from news.models import Article
from tests.factories import article_form_data, as_user, change_url, make_article, make_user

STALE = "为免覆盖别人的修改，这次没有保存"


def two_desks(article, *users):
    """Each user's browser with the article's change page open; the form data each page holds."""
    desks = []
    for user in users:
        client = as_user(Client(), user)
        assert client.get(change_url(article)).status_code == 200
        desks.append((client, article_form_data(Article.objects.get(pk=article.pk))))
    return desks


@pytest.mark.django_db
def test_the_second_of_two_open_forms_is_refused_and_keeps_its_text(superuser):
    author = make_user("concurrent-author", "撰稿人")
    article = make_article(status=Article.Status.DRAFT, by=author, title="原标题")
    (mine, my_form), (theirs, their_form) = two_desks(article, author, superuser)

    assert mine.post(change_url(article), {**my_form, "title": "作者改的标题"}).status_code == 302
    response = theirs.post(change_url(article), {**their_form, "title": "管理员改的标题"})

    assert response.status_code == 200
    html = response.content.decode()
    assert STALE in html and "concurrent-author" in html
    assert 'value="管理员改的标题"' in html  # nothing typed is lost
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "作者改的标题"
    assert stored.revisions.count() == 2


@pytest.mark.django_db
def test_a_form_opened_on_the_latest_revision_saves(superuser):
    author = make_user("concurrent-author", "撰稿人")
    article = make_article(status=Article.Status.DRAFT, by=author)
    ((mine, my_form),) = two_desks(article, author)
    assert mine.post(change_url(article), {**my_form, "title": "第一次"}).status_code == 302
    ((mine, my_form),) = two_desks(article, author)  # opened again, on the new revision
    assert mine.post(change_url(article), {**my_form, "title": "第二次"}).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "第二次"


@pytest.mark.django_db
def test_a_post_without_the_opened_revision_is_refused(superuser):
    article = make_article(status=Article.Status.DRAFT, by=superuser)
    client = as_user(Client(), superuser)
    form = article_form_data(article, title="没带版本号")
    del form["opened_revision"]
    assert STALE in client.post(change_url(article), form).content.decode()
    assert Article.objects.get(pk=article.pk).title != "没带版本号"


def save_at_once(article, desks, titles):
    """POST each desk's form with its title, in threads released together; the status codes."""
    start = Barrier(len(desks))

    def save(desk, title):
        client, form = desk
        start.wait(timeout=10)
        try:
            return client.post(change_url(article), {**form, "title": title}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(desks)) as pool:
        return list(pool.map(save, desks, titles))


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_exactly_one_goes_through(superuser):
    """In threads with their own database connections, released together: the row lock taken
    by the check holds until the save, so the second sees the first's revision."""
    author = make_user("concurrent-author", "撰稿人")
    for round_number in range(3):
        article = make_article(status=Article.Status.DRAFT, by=author)
        titles = [f"甲{round_number}", f"乙{round_number}"]
        codes = save_at_once(article, two_desks(article, author, superuser), titles)
        assert sorted(codes) == [200, 302], codes
        stored = Article.objects.get(pk=article.pk)
        assert stored.revisions.count() == 2
        assert stored.title in titles
