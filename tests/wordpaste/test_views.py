"""The editor's paste endpoint (POST /ckeditor/wordpaste/) and the save it must agree with: the
body a document becomes is the same whether the editor sent it through the endpoint or the
form posted the raw clipboard HTML (a browser without our script, the 源码 view)."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from news.models import Article
from news.sanitize import clean_body
from tests.factories import ARTICLE_ADD_URL, article_form_data, as_user, make_column, make_user

pytestmark = pytest.mark.django_db

CLEAN_URL = reverse("wordpaste_clean")
WORD = (Path(__file__).parent / "fixtures" / "word_notice.html").read_text()
UPLOADED = "/media/uploads/0123456789abcdef0123456789abcdef_800x450.png"


def paste(client, html=WORD, images=(), **extra):
    return client.post(
        CLEAN_URL, json.dumps({"html": html, "images": list(images)}),
        content_type="application/json", **extra,
    )  # fmt: skip


@pytest.fixture
def editor(client):
    return as_user(client, make_user("zhangmin", "撰稿人", first_name="张敏"))


def test_the_editor_gets_the_document_as_it_will_be_stored(editor):
    answer = paste(editor, images=[UPLOADED]).json()
    assert answer["missing_images"] == 0
    assert answer["html"].startswith('<h2 class="text-center">关于做好2026年冬季森林防火工作的通知')
    assert f'src="{UPLOADED}"' in answer["html"]
    assert clean_body(answer["html"]) == answer["html"]


def test_saving_the_raw_clipboard_stores_what_the_editor_was_shown(editor):
    shown = paste(editor).json()["html"]
    response = editor.post(
        ARTICLE_ADD_URL,
        article_form_data(column=make_column(), title="关于做好冬季森林防火工作的通知", body=WORD),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().body == shown


@pytest.mark.parametrize(
    "address",
    [
        "https://evil.example/uploads/0123456789abcdef0123456789abcdef_800x450.png",
        "/media/uploads/../../settings.py",
        "/media/covers/0123456789abcdef0123456789abcdef.png",
        "javascript:alert(1)",
        42,
    ],
)
def test_only_the_editors_own_uploads_take_a_pictures_place(editor, address):
    answer = paste(editor, images=[address]).json()
    assert answer["missing_images"] == 1
    assert "<img" not in answer["html"]


def test_a_picture_without_an_upload_is_dropped_and_counted(editor):
    answer = paste(editor).json()
    assert answer["missing_images"] == 1
    assert "<img" not in answer["html"] and "file:" not in answer["html"]
    assert "图为蔡桥镇护林员在白水河林区巡查" in answer["html"]  # the caption stays as text


def pictures(*names):
    """A document whose pictures exist only on the author's computer, named by their alt."""
    return "".join(f"<p>{name}<img src='file:///C:/{at}.png' alt='{name}'></p>"
                   for at, name in enumerate(names))  # fmt: skip


def uploaded(name):
    return f"/media/uploads/{name}_800x450.png"


def test_a_failed_upload_keeps_its_slot_so_the_next_picture_gets_its_own_address(editor):
    answer = paste(editor, html=pictures("一", "二"), images=[None, uploaded("b")]).json()
    assert answer["html"] == f'<p>一</p>\n<p>二<img alt="二" src="{uploaded("b")}"></p>'
    assert answer["missing_images"] == 1


def test_a_refused_address_drops_its_own_picture_and_no_other(editor):
    images = [uploaded("a"), "https://evil.example/uploads/b.png", uploaded("c")]
    answer = paste(editor, html=pictures("一", "二", "三"), images=images).json()
    assert answer["html"] == (
        f'<p>一<img alt="一" src="{uploaded("a")}"></p>\n<p>二</p>\n'
        f'<p>三<img alt="三" src="{uploaded("c")}"></p>'
    )
    assert answer["missing_images"] == 1


def test_more_addresses_than_pictures_count_no_picture_missing(editor):
    answer = paste(editor, html=pictures("一"), images=[uploaded("a"), None]).json()
    assert answer["missing_images"] == 0
    assert answer["html"] == f'<p>一<img alt="一" src="{uploaded("a")}"></p>'


def test_without_a_session_the_answer_is_json_saying_so():
    response = paste(Client())
    assert response.status_code == 401
    assert response.json() == {"error": "登录已过期，请重新登录。"}


def test_staff_who_do_not_write_articles_are_refused(client):
    as_user(client, make_user("auditor", "审计员"))
    response = paste(client)
    assert response.status_code == 403
    assert response.json() == {"error": "您没有编辑文章的权限。"}


@pytest.mark.parametrize("body", ["not json", '{"images": []}', '{"html": 1}', '["x"]'])
def test_what_is_not_a_paste_gets_a_clear_400(editor, body):
    response = editor.post(CLEAN_URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "粘贴的内容无法读取。"}


def test_the_endpoint_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    as_user(client, make_user("zhangmin", "撰稿人"))
    assert paste(client).status_code == 403
    client.get(ARTICLE_ADD_URL)  # the form sets the cookie the script reads the token of
    token = client.cookies["csrftoken"].value
    assert paste(client, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_only_post_is_answered(editor):
    assert editor.get(CLEAN_URL).status_code == 405


def many_lists(size):
    """Word's HTML of short lists between paragraphs, about size bytes (what took minutes)."""
    unit = (
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>"
        "1.</span><span>第{i}条。</span></p>\n<p class=MsoNormal><span>段落{i}。</span></p>\n"
    )
    count = size // len(unit.format(i=10000).encode())
    return (
        "<html><body>" + "".join(unit.format(i=10000 + i) for i in range(count)) + "</body></html>"
    )


def test_a_paste_over_the_limit_is_refused_with_a_message_the_editor_shows(editor, settings):
    settings.WORDPASTE_MAX_BYTES = 1024 * 1024
    answer = paste(editor, html=many_lists(1100 * 1024))
    assert answer.status_code == 413
    assert "粘贴的内容太大" in answer.json()["error"] and "请分几次粘贴" in answer.json()["error"]
    assert "html" not in answer.json() and not Article.objects.exists()


def test_a_paste_too_large_to_read_is_refused_the_same_before_it_is_read(editor, settings):
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE too: the announced length is enough (no 400 page)."""
    answer = paste(editor, html="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert answer.status_code == 413 and "粘贴的内容太大" in answer.json()["error"]


def test_a_paste_of_too_many_tags_is_refused_with_a_message(editor):
    answer = paste(editor, html="<p><b>" * 60_000)
    assert answer.status_code == 413 and "请分几次粘贴" in answer.json()["error"]


def test_a_large_paste_within_the_limit_is_cleaned_whole(editor, settings):
    """A document of 1.5 MB of short lists (cleaned in about a second; minutes before its lists
    were built without counting along the siblings)."""
    html = many_lists(1536 * 1024)
    assert len(html.encode()) < settings.WORDPASTE_MAX_BYTES
    answer = paste(editor, html=html)
    assert answer.status_code == 200
    cleaned = answer.json()["html"]
    last = 10000 + html.count("MsoListParagraph") - 1
    assert cleaned.count("<ol>") == html.count("MsoListParagraph")
    assert f"<li>第{last}条。</li>" in cleaned and f"<p>段落{last}。</p>" in cleaned
