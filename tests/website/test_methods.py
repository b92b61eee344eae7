"""Each address answers only the methods its view serves: anything else is a 405 with an Allow
header and the Chinese page, before CSRF's check (which answered a PUT with 403) and before a
view that answers any method (the feeds answered TRACE with 200). TRACE is refused everywhere,
the admin included; the forms residents send still take their POST.

The clients enforce CSRF as browsers meet it (Django's test client skips the check by default,
which hid the 403)."""

import re

import pytest
from django.test import Client

from cases.models import Channel
from tests.factories import as_user, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]

READ_ONLY = ["PUT", "DELETE", "PATCH", "TRACE"]


@pytest.fixture
def site():
    article = make_article()
    channel = Channel.objects.create(name="镇长信箱", slug="zzxx", reply_days=5)
    public = [
        "/", "/news/", article.column.get_absolute_url(), article.get_absolute_url(),
        "/feed/", f"/feed/{article.column.slug}/", "/feed/disclosure.json", "/sitemap.xml",
        "/sitemap/", "/search/?q=通知", "/robots.txt", "/zfxxgk/", "/healthz",
        "/preferences/?size=large", "/zh-hant/", "/zh-hant/news/",
        f"/zh-hant{article.get_absolute_url()}", "/zh-hant/search/?q=通知",
        f"/files/{article.pk}/通知.pdf", "/hudong/", "/hudong/zhengji/",
        f"/hudong/{channel.slug}/", f"/hudong/{channel.slug}/xiexin/", "/hudong/chaxun/",
    ]  # fmt: skip
    return {"article": article, "channel": channel, "public": public}


def browser():
    return Client(enforce_csrf_checks=True)


def token_in(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def allowed(response):
    return set(response["Allow"].split(", "))


@pytest.mark.parametrize("method", READ_ONLY)
def test_other_methods_on_public_pages_are_405_with_allow_and_the_chinese_page(site, method):
    for path in site["public"]:
        response = browser().generic(method, path)
        assert response.status_code == 405, (method, path, response.status_code)
        assert "GET" in allowed(response) and method not in allowed(response), path
        assert "不支持的请求方式" in response.content.decode() or "不支持的請求方式" in (
            response.content.decode()
        ), path


def test_allow_names_what_each_page_serves(site):
    article = site["article"]
    assert allowed(browser().put(article.get_absolute_url())) == {"GET", "HEAD", "OPTIONS"}
    assert allowed(browser().put("/feed/")) == {"GET", "HEAD"}
    assert allowed(browser().put("/sitemap.xml")) == {"GET", "HEAD"}
    write = browser().generic("TRACE", f"/hudong/{site['channel'].slug}/xiexin/")
    assert {"GET", "HEAD", "POST"} <= allowed(write)


def test_a_post_to_a_page_is_405_not_csrf_403(site):
    for path in ["/", site["article"].get_absolute_url(), "/feed/", "/search/?q=通知"]:
        assert browser().post(path).status_code == 405, path


def test_the_traditional_site_says_it_in_traditional(site):
    html = browser().put("/zh-hant/").content.decode()
    assert "不支持的請求方式" in html


def test_residents_forms_still_take_their_post(site):
    """The case look-up with its CSRF token: the form answers (its message), not a 405."""
    client = browser()
    token = token_in(client.get("/hudong/chaxun/").content.decode())
    response = client.post("/hudong/chaxun/", {"csrfmiddlewaretoken": token, "number": "X"})
    assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
    write = f"/hudong/{site['channel'].slug}/xiexin/"
    token = token_in(client.get(write).content.decode())
    assert client.post(write, {"csrfmiddlewaretoken": token}).status_code == 200


def test_a_post_without_its_token_is_still_refused_by_csrf(site):
    assert browser().post("/hudong/chaxun/", {"number": "X"}).status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/login/", "/admin/news/article/", "/admin/news/article/add/",
     "/ckeditor/wordpaste/", "/ckeditor/upload/", "/captcha/refresh/", "/no-such-page/x"],
)  # fmt: skip
def test_trace_is_405_on_the_admin_and_everywhere(people, path):
    response = as_user(browser(), people["author"]).generic("TRACE", path)
    assert response.status_code in (405, 404), path
    if path != "/no-such-page/x":
        assert response.status_code == 405 and "TRACE" not in allowed(response), path


def test_an_unknown_method_is_405(site):
    assert browser().generic("PROPFIND", "/admin/").status_code == 405
    assert browser().generic("FOO", "/").status_code == 405
