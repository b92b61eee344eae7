"""An author at a desk: writes in CKEditor, uploads an image, submits the article for review.

Nothing an author saves or submits is public: it goes online only after the reviewers approve it
(先审后发; the whole path is in test_workflow.py).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from news.models import Article
from tests.factories import image_file, make_column

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def assert_waiting_for_first_review(article, author):
    assert article.created_by == author
    assert (article.status, article.review_level) == (Article.Status.SUBMITTED, 1)
    assert article.current_revision is not None
    assert article.current_revision.created_by == author
    assert article.live_revision is None
    assert not article.is_published()
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_author_writes_in_ckeditor_and_submits_for_review_and_nothing_is_public(
    live_server, staff_desk, author, resident
):
    column = make_column(name="通知公告", slug="tzgg")
    title = "关于开展2025年春季防汛检查的通知"
    page = staff_desk(author)
    body = steps.open_add_article(page, live_server, title=title, column=column)
    steps.type_with_bold(
        page,
        "各村（社区）：为做好今年防汛工作，",
        "请于3月25日前完成隐患排查",
        "，并上报镇党政办。",
    )
    page.keyboard.press("Enter")
    page.keyboard.type("联系电话：0739-1234567")
    expect(body.locator("strong")).to_have_text("请于3月25日前完成隐患排查")

    article = steps.save_and_submit_for_review(page, title)
    assert article.column == column
    assert "<strong>请于3月25日前完成隐患排查</strong>" in article.body
    assert "联系电话：0739-1234567" in article.body
    assert_waiting_for_first_review(article, author)

    # A resident, not logged in, in a browser context of their own: nothing unreviewed is public.
    steps.expect_not_public(resident, live_server, article)
    resident.goto(live_server.url + column.get_absolute_url())
    expect(resident.get_by_role("heading", level=1)).to_have_text(column.name)
    expect(resident.get_by_text(title)).to_have_count(0)


def test_author_uploads_an_image_through_the_ckeditor_dialog_and_submits(
    live_server, staff_desk, author, resident
):
    column = make_column(name="图片新闻", slug="tpxw")
    title = "蔡桥镇油菜花开迎客来"
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title=title, column=column)
    page.keyboard.type("连日来，蔡桥镇万亩油菜花竞相开放。")
    src = steps.upload_image(page, image_file("油菜花.png", size=(640, 360), colour=(230, 190, 40)))

    article = steps.save_and_submit_for_review(page, title)
    assert_waiting_for_first_review(article, author)
    assert f'src="{src}"' in article.body

    # Stored under MEDIA_ROOT with a random name (no date, no uploader) and the extension of
    # the real format.
    assert steps.UPLOADED_IMAGE.match(src)
    stored = Path(settings.MEDIA_ROOT) / src.removeprefix(settings.MEDIA_URL)
    assert stored.is_file(), f"{stored} is missing"
    with Image.open(stored) as saved:
        assert (saved.format, saved.size) == ("PNG", (640, 360))

    # The article is not public yet. (Django's live server serves MEDIA_URL from MEDIA_ROOT
    # itself, whatever SERVE_MEDIA says; in production the web server in front does it.)
    steps.expect_not_public(resident, live_server, article)
    fetched = resident.request.get(live_server.url + src)
    assert fetched.status == 200, f"{src}: {fetched.status}"
    assert fetched.headers["content-type"] == "image/png"


def test_a_pasted_picture_uploads_at_once_and_gets_its_alt_and_caption_in_three_steps(
    live_server, staff_desk, author, resident, tmp_path
):
    column = make_column(name="图片新闻", slug="tpxw")
    title = "白水溪油菜花海迎来赏花游客"
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title=title, column=column)
    page.keyboard.type("周末，白水溪村的油菜花迎来盛花期。")
    page.keyboard.press("Enter")

    # 1. Paste a picture copied from a phone's photo or a screenshot tool.
    image = steps.paste_picture(page, image_file("花海.png", size=(1200, 800)))
    expect(image).to_have_attribute("src", steps.UPLOADED_IMAGE)
    # 2. Double-click it: 图像属性 asks for the 替换文本 and offers a caption.
    image.dblclick()
    dialog = page.locator(".cke_dialog").filter(has=page.get_by_text("带标题图像"))
    expect(dialog).to_be_visible()
    expect(dialog).not_to_contain_text("Lorem")
    dialog.get_by_role("textbox", name="替换文本").fill("白水溪村油菜花田")
    dialog.get_by_role("checkbox", name="带标题图像").check()
    # 3. 确定, and type the caption under the picture.
    dialog.get_by_role("button", name="确定").click()
    expect(dialog).to_be_hidden()
    caption = steps.editor_body(page).locator("figure.image figcaption")
    expect(caption).to_have_text("标题")  # CKEditor's placeholder, typed over
    caption.click(click_count=3)
    page.keyboard.type("盛花期的白水溪村")
    steps.keep_screenshot(page, tmp_path / "editor-pasted-picture.png", full_page=False)

    article = steps.save_and_submit_for_review(page, title)
    figure = re.search(r"<figure[^>]*>.*?</figure>", article.body, re.S).group()
    assert figure.startswith('<figure class="image">')
    assert (
        'alt="白水溪村油菜花田"' in figure and "<figcaption>盛花期的白水溪村</figcaption>" in figure
    )
    src = re.search(r'src="([^"]+)"', figure).group(1)
    assert steps.UPLOADED_IMAGE.match(src)

    steps.publish(article)
    resident.goto(live_server.url + article.get_absolute_url())
    shown = resident.locator(".article__body figure.image")
    expect(shown.locator("figcaption")).to_have_text("盛花期的白水溪村")
    shown_image = shown.get_by_role("img", name="白水溪村油菜花田")
    expect(shown_image).to_have_attribute("srcset", re.compile(r"_480w\.png 480w"))
    expect(shown_image).to_have_attribute("width", "1200")
    steps.keep_screenshot(resident, tmp_path / "public-captioned-picture.png")


def test_a_picture_is_inserted_in_three_steps_and_is_never_wider_than_the_editor(
    live_server, staff_desk, author, resident, tmp_path
):
    column = make_column(name="图片新闻", slug="tpxw")
    title = "蔡桥镇全景航拍"
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title=title, column=column)
    page.keyboard.type("航拍下的蔡桥镇。")
    page.keyboard.press("Enter")
    picture = image_file("全景.png", size=(3000, 1000))

    # 1. 上传图片 opens the file chooser; 2. choose the file: it is uploaded at once and the
    # picture's dialog opens with it; 3. 确定 (after typing its 替换文本).
    with page.expect_file_chooser() as chooser:
        page.locator("a.cke_button__uploadpicture").click()
    with page.expect_response(lambda response: "/ckeditor/upload/" in response.url) as upload:
        chooser.value.set_files(
            {"name": picture.name, "mimeType": "image/png", "buffer": picture.read()}
        )
    assert upload.value.ok and upload.value.json()["uploaded"] in (1, "1"), upload.value.text()
    dialog = page.locator(".cke_dialog").filter(has=page.get_by_text("带标题图像"))
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("textbox", name="URL")).to_have_value(steps.UPLOADED_IMAGE)
    dialog.get_by_role("textbox", name="替换文本").fill("蔡桥镇全景")
    dialog.get_by_role("button", name="确定").click()
    expect(dialog).to_be_hidden()

    body = steps.editor_body(page)
    image = body.get_by_role("img", name="蔡桥镇全景")
    expect(image).to_have_attribute("src", steps.UPLOADED_IMAGE)
    wait = "img => img.complete && img.naturalWidth > 0"
    image.evaluate(f"img => new Promise(done => ({wait})(img) ? done() : img.onload = done)")
    width, body_width = image.evaluate(
        "img => [img.getBoundingClientRect().width, img.ownerDocument.body.clientWidth]"
    )
    assert 0 < width <= body_width, (width, body_width)
    steps.keep_screenshot(page, tmp_path / "editor-wide-picture.png", full_page=False)

    article = steps.save_and_submit_for_review(page, title)
    assert 'alt="蔡桥镇全景"' in article.body
    steps.publish(article)
    resident.goto(live_server.url + article.get_absolute_url())
    shown = resident.get_by_role("img", name="蔡桥镇全景")
    expect(shown).to_be_visible()
    shown_width, page_width = shown.evaluate(
        "img => [img.getBoundingClientRect().width, document.documentElement.clientWidth]"
    )
    assert 0 < shown_width <= page_width, (shown_width, page_width)
