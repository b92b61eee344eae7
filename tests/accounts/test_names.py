"""People appear by their names (刘敏), not their login names (liumin): one definition,
core.names.person_name, the __str__ of the staff's User model (accounts.User), and so in the
audit trail, the revisions, the 消息, the header, select boxes, filters and the e-mails."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from core.names import person_name
from inbox.models import Message
from news import services
from news.models import Article
from tests.factories import ARTICLE_LIST_URL, as_user, change_url, make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "first_name, last_name, shown",
    [
        (
            "刘敏",
            "",
            "刘敏",
        ),  # the whole name in first_name, as seed_demo and the user form have it
        ("敏", "刘", "刘敏"),  # split the Western way: surname first, no space
        ("刘敏", "刘", "刘敏"),  # both, the surname written twice: once
        ("", "刘", "刘"),
        ("  ", "", "liumin"),  # no name: the login name rather than nothing
    ],
)
def test_a_person_is_named_by_their_name_else_their_login(first_name, last_name, shown):
    user = get_user_model()(username="liumin", first_name=first_name, last_name=last_name)
    assert person_name(user) == shown
    assert str(user) == shown  # the same definition, wherever a user is shown as text


@pytest.fixture
def liumin(db):
    return make_user("liumin", "撰稿人", first_name="刘敏", email="liumin@example.com")


@pytest.fixture
def wangqiang(db):
    return make_user("wangqiang", "初审", first_name="王强", email="wangqiang@example.com")


@pytest.fixture
def returned(liumin, wangqiang, django_capture_on_commit_callbacks):
    """刘敏's article, submitted, returned by 王强, edited again: every kind of record."""
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(status=Article.Status.DRAFT, by=liumin, title="冬季防火巡查")
        services.article_submit(article=article, by=liumin)
        services.article_return(article=article, by=wangqiang, reason="请补充巡查时间")
        working = Article.objects.get(pk=article.pk).working_copy()
        working.title = "冬季森林防火巡查"
        services.article_save(article=working, by=liumin)
    return Article.objects.get(pk=article.pk)


def section(html, element_id):
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</fieldset>", start)]


def test_the_change_page_names_people_in_its_audit_trail_revisions_and_header(
    client, liumin, wangqiang, returned
):
    for viewer in [liumin, wangqiang]:
        html = as_user(client, viewer).get(change_url(returned)).content.decode()
        assert "王强" in section(html, "audit-trail") and "刘敏" in section(html, "audit-trail")
        assert "刘敏" in section(html, "revisions")
        assert "liumin" not in html and "wangqiang" not in html
        header = html[html.index('<div id="user-tools">') :][:600]
        assert f"欢迎，<strong>{viewer.first_name}</strong>" in header


def test_the_header_greets_by_the_same_name_as_everywhere_else(client):
    """A name split the Western way (first_name 敏, last_name 刘): the whole name, not Django's
    short name (敏)."""
    split = make_user("liumin2", "撰稿人", first_name="敏", last_name="刘")
    html = as_user(client, split).get(reverse("admin:index")).content.decode()
    assert "欢迎，<strong>刘敏</strong>" in html


def test_the_revision_and_audit_lists_and_their_filters_name_people(client, returned):
    site_admin = make_user("suntao", "站点管理员", first_name="孙涛")
    staff = as_user(client, site_admin)
    for name in ["news_revision_changelist", "news_auditrecord_changelist"]:
        html = staff.get(reverse(f"admin:{name}")).content.decode()
        assert "刘敏" in html, name
        assert "liumin" not in html and "wangqiang" not in html, name
    html = staff.get(reverse("admin:news_article_revision", args=[returned.pk, 1])).content.decode()
    assert "刘敏保存于" in html and "liumin" not in html


def test_the_article_list_and_its_author_select_name_people(client, returned):
    superuser = make_user("root", is_superuser=True, first_name="系统管理员")
    staff = as_user(client, superuser)
    html = staff.get(ARTICLE_LIST_URL).content.decode()
    assert "liumin" not in html and "wangqiang" not in html
    form = staff.get(change_url(returned)).content.decode()
    assert "liumin" not in form


def test_the_messages_and_e_mails_name_people(client, liumin, wangqiang, returned):
    (submitted,) = [m for m in mail.outbox if m.to == ["wangqiang@example.com"]]
    assert "刘敏的稿件《冬季防火巡查》等待初审。" in submitted.body
    (back,) = [m for m in mail.outbox if m.to == ["liumin@example.com"]]
    assert "被王强退回" in back.body and "刘敏，您的稿件" in back.body
    for email in mail.outbox:
        assert "liumin" not in email.body.replace("liumin@example.com", "")
        assert "wangqiang" not in email.body
    message = Message.objects.of(liumin).get()
    html = (
        as_user(client, liumin)
        .get(reverse("admin:inbox_message_change", args=[message.pk]))
        .content.decode()
    )
    assert "被王强退回" in html and "wangqiang" not in html and "liumin" not in html


def test_the_name_is_the_user_models_own_not_a_patch_of_djangos():
    """accounts.User says it; Django's class is left as Django has it."""
    from django.contrib.auth.models import AbstractUser

    assert get_user_model()._meta.label == "accounts.User"
    assert get_user_model().__str__ is not AbstractUser.__str__
    assert AbstractUser.__str__(make_user("liumin", first_name="刘敏")) == "liumin"
