"""An editor at a desk: writes in CKEditor, uploads an image, publishes to the public site."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from news.models import Article
from tests.factories import make_column, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CKEDITOR_READY = (
    "window.CKEDITOR && CKEDITOR.instances.id_body && CKEDITOR.instances.id_body.status === 'ready'"
)
UPLOADED_IMAGE = re.compile(r"^/media/uploads/(?:[^/]+/)*[0-9a-f]{32}\.png$")


def log_in(page, live_server, user):
    page.goto(live_server.url + "/admin/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(user.raw_password)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def open_add_article(page, live_server, *, title, column):
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator("#id_title").fill(title)
    page.locator("#id_column").select_option(str(column.pk))
    page.wait_for_function(CKEDITOR_READY)


def publish_and_save(page, title):
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    success = page.locator("ul.messagelist li.success")
    expect(success).to_be_visible()
    expect(success).to_contain_text(title)
    return Article.objects.get(title=title)


def test_editor_writes_in_ckeditor_and_publishes_to_the_public_site(live_server, new_page):
    editor = make_staff(is_superuser=True)
    column = make_column(name="通知公告", slug="tzgg")
    title = "关于开展2025年春季防汛检查的通知"
    page = new_page(desktop=True)
    log_in(page, live_server, editor)
    open_add_article(page, live_server, title=title, column=column)
    expect(page.locator("input[name=_save]")).to_have_value("保存")

    body = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    page.keyboard.type("各村（社区）：为做好今年防汛工作，")
    bold = page.locator("a.cke_button__bold")
    bold.click()
    expect(bold).to_have_class(re.compile(r"\bcke_button_on\b"))
    page.keyboard.type("请于3月25日前完成隐患排查")
    bold.click()
    expect(bold).to_have_class(re.compile(r"\bcke_button_off\b"))
    page.keyboard.type("，并上报镇党政办。")
    page.keyboard.press("Enter")
    page.keyboard.type("联系电话：0739-1234567")
    expect(body.locator("strong")).to_have_text("请于3月25日前完成隐患排查")

    article = publish_and_save(page, title)
    assert article.column == column
    assert article.created_by == editor
    assert article.is_published()
    assert "<strong>请于3月25日前完成隐患排查</strong>" in article.body

    # A resident, not logged in, in a browser context of their own.
    visitor = new_page()
    visitor.goto(live_server.url + article.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    article_body = visitor.locator(".article__body")
    expect(article_body).to_contain_text("各村（社区）：为做好今年防汛工作，请于3月25日前完成")
    expect(article_body).to_contain_text("并上报镇党政办。")
    expect(article_body).to_contain_text("联系电话：0739-1234567")
    expect(article_body.locator("strong")).to_have_text("请于3月25日前完成隐患排查")
    expect(visitor.locator(".article__meta").first).to_contain_text("浏览次数: 1")
    expect(visitor.locator(".view-count")).to_have_text("1")


def test_editor_uploads_an_image_through_the_ckeditor_dialog(live_server, new_page, tmp_path):
    editor = make_staff(is_superuser=True)
    column = make_column(name="图片新闻", slug="tpxw")
    title = "蔡桥镇油菜花开迎客来"
    picture = tmp_path / "油菜花.png"
    Image.new("RGB", (640, 360), (230, 190, 40)).save(picture, format="PNG")

    page = new_page(desktop=True)
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server, editor)
    open_add_article(page, live_server, title=title, column=column)
    body = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    page.keyboard.type("连日来，蔡桥镇万亩油菜花竞相开放。")

    page.locator("a.cke_button__image").click()
    dialog = page.locator(".cke_dialog").filter(has=page.get_by_role("tab", name="上传"))
    expect(dialog).to_be_visible()
    dialog.get_by_role("tab", name="上传").click()
    file_frame = dialog.frame_locator("iframe.cke_dialog_ui_input_file")
    file_frame.locator("input[type=file]").set_input_files(picture)
    with page.expect_response(lambda response: "/ckeditor/upload/" in response.url) as upload:
        dialog.get_by_role("button", name="上传到服务器").click()
    response = upload.value
    csrf_token = response.request.header_value("x-csrftoken")
    assert response.ok, (
        f"upload answered {response.status} (X-CSRFToken sent: {bool(csrf_token)}): "
        f"{response.text()[:500]!r}; alerts: {alerts}; dialog: {dialog.inner_text()!r}"
    )
    assert csrf_token, "ckeditor-csrf.js sent no CSRF token, yet the upload was accepted"
    assert response.json()["uploaded"] in (1, "1"), response.text()

    # CKEditor puts the stored URL into the image URL field and goes back to the first tab.
    url_field = dialog.get_by_role("textbox", name="URL")
    expect(url_field).to_have_value(UPLOADED_IMAGE)
    assert not alerts, alerts
    dialog.get_by_role("button", name="确定").click()
    expect(dialog).to_be_hidden()
    expect(body.locator("img")).to_have_attribute("src", UPLOADED_IMAGE)

    article = publish_and_save(page, title)

    visitor = new_page()
    visitor.goto(live_server.url + article.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    image = visitor.locator(".article__body img")
    expect(image).to_have_count(1)
    expect(image).to_have_attribute("src", UPLOADED_IMAGE)
    src = image.get_attribute("src")

    # Stored under MEDIA_ROOT with a random name and the extension of the real format.
    stored = Path(settings.MEDIA_ROOT) / src.removeprefix(settings.MEDIA_URL)
    assert stored.is_file(), f"{stored} is missing"
    with Image.open(stored) as saved:
        assert (saved.format, saved.size) == ("PNG", (640, 360))

    # Django's live server serves MEDIA_URL from MEDIA_ROOT itself (whatever SERVE_MEDIA says;
    # in production the web server in front does it).
    fetched = visitor.request.get(live_server.url + src)
    assert fetched.status == 200, f"{src}: {fetched.status}"
    assert fetched.headers["content-type"] == "image/png"
