"""The Content-Security-Policy on every response: strict on the public site, the smallest
CKEditor works with in the admin (the browser tests check that it reports no violation), and
each media file's own."""

import pytest
from django.test import Client

from tests.factories import as_user, change_url, make_article
from tests.processes import in_another_process

pytestmark = pytest.mark.django_db


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (directive.split() for directive in header.split(";") if directive)
    }


PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def test_public_pages_allow_nothing_inline_nothing_foreign_and_no_framing(client):
    article = make_article()
    for path in ["/", "/news/", article.column.get_absolute_url(), article.get_absolute_url(),
                 "/no-such-page/"]:  # fmt: skip
        assert policy(client.get(path)) == PUBLIC, path


def test_a_bad_host_header_gets_a_400_with_the_policy_too():
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert policy(response) == PUBLIC


def test_the_admin_allows_inline_styles_but_no_inline_script(client, superuser):
    admin = policy(as_user(client, superuser).get("/admin/news/article/"))
    assert admin["script-src"] == ["'self'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["object-src"] == ["'none'"] and admin["frame-ancestors"] == ["'none'"]


def test_only_a_page_with_the_rich_text_editor_allows_its_inline_handlers(client, people):
    article = make_article(by=people["author"])
    author = as_user(client, people["author"])
    for path in ["/admin/news/article/add/", change_url(article)]:
        response = author.get(path)
        assert policy(response)["script-src"] == ["'self'", "'unsafe-inline'"], path
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    reviewer = as_user(Client(), people["reviewer1"])
    assert policy(reviewer.get(change_url(article)))["script-src"] == ["'self'"]


def test_image_origins_come_from_the_environment():
    img_src = in_another_process(
        "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']"
        "['img-src'], s.ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        CSP_IMAGE_ORIGINS="https://media.caiqiao.gov.cn",
    )
    assert img_src == (
        "[\"'self'\", 'https://media.caiqiao.gov.cn'] "
        "[\"'self'\", 'data:', 'blob:', 'https://media.caiqiao.gov.cn']"
    )


PERMISSIONS = {
    "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope",
    "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
}  # fmt: skip


def test_every_answer_denies_device_and_tracking_features(client, superuser):
    """Public page, admin, a 404 and the 400 of a bad Host: Permissions-Policy refuses them all."""
    article = make_article()
    answers = [client.get(article.get_absolute_url()), client.get("/no-such-page/"),
               Client(HTTP_HOST="evil.example").get("/"),
               as_user(Client(), superuser).get("/admin/news/article/")]  # fmt: skip
    assert [answer.status_code for answer in answers] == [200, 404, 400, 200]
    for answer in answers:
        features = dict(item.split("=") for item in answer["Permissions-Policy"].split(", "))
        assert features == dict.fromkeys(PERMISSIONS, "()"), answer
