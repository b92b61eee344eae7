"""An author pastes a notice written in Word (or WPS) into the editor: it arrives as the site
keeps it — the centred title, the right-aligned 落款, lists, the table and the picture — and is
stored and published exactly so."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from accounts.models import SecurityEvent
from news.sanitize import clean_body
from tests.factories import PHONE_BROWSER, image_file, make_column
from wordpaste.normalise import normalise

from . import admin_steps as steps
from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parent.parent / "wordpaste" / "fixtures"
OFFICE_LEFTOVERS = ["mso", "style=", "font", "<span", "<o:p", "&nbsp;", "Mso", "lang=", "[ZM1]",
                    "通报频次是否改为", "内部：", "file:", "<!--"]  # fmt: skip


def test_a_word_notice_with_a_table_and_a_picture_pastes_cleanly_and_publishes_as_shown(
    live_server, staff_desk, author, browser, tmp_path
):
    column = make_column(name="通知公告", slug="tzgg")
    title = "关于做好2026年冬季森林防火工作的通知"
    word = (FIXTURES / "word_notice.html").read_text()
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title=title, column=column)
    steps.paste(page, html=word, files=[image_file("clip_image002.png", size=(800, 450))])

    body = steps.editor_body(page)
    expect(body.locator("h2.text-center")).to_have_text(title)
    expect(body.locator("table td")).to_have_count(12)
    expect(body.locator("ol ol li")).to_have_text(re.compile("^扑救时坚持“打早、打小、打了”"))
    expect(body.locator("figure.image figcaption")).to_have_text("图为蔡桥镇护林员在白水河林区巡查")
    image = body.locator("figure.image img")
    expect(image).to_have_attribute("src", steps.UPLOADED_IMAGE)
    expect(image).to_have_attribute("alt", "护林员在林区巡查")
    expect(body.locator("p.text-right")).to_have_text(["蔡桥镇人民政府", "2026年11月20日"])
    steps.keep_screenshot(page, tmp_path / "word-paste-editor.png")

    article = steps.save_and_submit_for_review(page, title)
    # What the editor showed is what the server keeps, whatever the browser did with it.
    uploaded = re.search(r'src="(/media/uploads/[^"]+)"', article.body).group(1)
    assert article.body == clean_body(normalise(word, images=[uploaded]))
    for leftover in OFFICE_LEFTOVERS:
        assert leftover not in article.body, leftover

    steps.publish(article)
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_BROWSER)
    resident = context.new_page()
    resident.goto(live_server.url + article.get_absolute_url())
    shown = resident.locator(".article__body")
    expect(shown.locator("p.text-right").last).to_have_text("2026年11月20日")
    expect(shown.locator("table")).to_be_visible()
    expect(shown.get_by_role("img", name="护林员在林区巡查")).to_be_visible()
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    steps.keep_screenshot(resident, tmp_path / "word-paste-public-375.png")
    context.close()


def word_rtf(picture):
    """The RTF Word puts beside the HTML: the picture as hexadecimal, once for current readers
    (\\shppict) and again for old ones (\\nonshppict, here a PNG too, which must not count)."""
    png = picture.read().hex()
    return (
        r"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 \'cb\'ce\'cc\'e5;}}\pard 关于做好"
        r"{\*\shppict{\pict{\*\picprop\shplid1025{\sp{\sn shapeType}{\sv 75}}}"
        r"\picscalex100\picscaley100\picw21167\pich11906\picwgoal12000\pichgoal6750"
        r"\pngblip\bliptag-1791326578{\*\blipuid 95397c8e6b2ec4cf1e3b87e0c1d4b19a}"
        + png
        + r"}}{\nonshppict{\pict\picw21167\pich11906\pngblip\bliptag-1 "
        + png
        + r"}}\par}"
    )


def test_word_pictures_come_from_the_clipboards_rtf_when_it_holds_no_picture_files(
    live_server, staff_desk, author
):
    column = make_column(name="通知公告", slug="tzgg")
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title="冬季森林防火的通知", column=column)
    picture = image_file("word.png", size=(640, 360))
    steps.paste(page, html=(FIXTURES / "word_notice.html").read_text(), rtf=word_rtf(picture))

    body = steps.editor_body(page)
    image = body.locator("figure.image img")
    expect(image).to_have_attribute("src", steps.UPLOADED_IMAGE)
    expect(body.locator("img[src^='/media/']")).to_have_count(1)
    uploads = SecurityEvent.objects.filter(action=SecurityEvent.Action.UPLOAD)
    assert uploads.count() == 1  # the old readers' copy is not uploaded too
    expect(image).to_have_attribute("alt", "护林员在林区巡查")
    expect(page.locator(".cke_notification_warning")).to_have_count(0)
    assert re.search(r"_640x360\.png$", image.get_attribute("src"))


def test_a_wps_notice_pastes_its_layout_and_says_its_picture_did_not_come(
    live_server, staff_desk, author, tmp_path
):
    column = make_column(name="通知公告", slug="tzgg")
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title="关于冬季野外用火管理的通告", column=column)
    steps.paste(page, html=(FIXTURES / "wps_notice.html").read_text())

    body = steps.editor_body(page)
    expect(body.locator("h2.text-center")).to_contain_text("关于冬季野外用火管理的通告")
    expect(body.locator("p.text-center")).to_have_text("蔡政通〔2026〕7号")
    expect(body.locator("ul > li")).to_have_count(3)
    expect(body.locator("td[rowspan='2']")).to_have_text("白水河片区")
    expect(body.locator("p.text-right")).to_have_text(["蔡桥镇人民政府", "2026年11月20日"])
    expect(body.locator("img")).to_have_count(0)
    expect(page.locator(".cke_notification_warning")).to_contain_text("1 张图片没有随文字粘贴过来")
    steps.keep_screenshot(page, tmp_path / "wps-paste-editor.png")


def test_a_picture_whose_upload_fails_leaves_its_place_empty_and_the_others_keep_theirs(
    live_server, staff_desk, author
):
    """Three pictures, the second not an image the upload view takes: the first and third get
    their own uploads (told apart by their sizes), the second goes, and the author is told."""
    column = make_column(name="通知公告", slug="tzgg")
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title="三张图片的通知", column=column)
    html = "".join(
        f"<p class=MsoNormal>{name}<img src='file:///C:/clip_image00{at}.png' alt='{name}'></p>"
        for at, name in enumerate(["一", "二", "三"])
    )
    files = [image_file("a.png", size=(640, 360)), ContentFile(b"not a picture", name="b.png"),
             image_file("c.png", size=(320, 180))]  # fmt: skip
    steps.paste(page, html=html, files=files)

    body = steps.editor_body(page)
    expect(body.locator("img[src^='/media/']")).to_have_count(2)
    expect(body.locator("img[alt='一']")).to_have_attribute("src", re.compile(r"_640x360\.png$"))
    expect(body.locator("img[alt='三']")).to_have_attribute("src", re.compile(r"_320x180\.png$"))
    expect(body.locator("p")).to_have_text(["一", "二", "三"])
    expect(page.locator(".cke_notification_warning")).to_contain_text("1 张图片没有随文字粘贴过来")


def test_a_paste_too_large_to_clean_is_refused_with_the_reason_and_nothing_pasted(
    live_server, staff_desk, author, settings
):
    settings.WORDPASTE_MAX_BYTES = 20_000  # the Word fixture is 65 KB
    column = make_column(name="通知公告", slug="tzgg")
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title="太长的通知", column=column)
    steps.paste(page, html=(FIXTURES / "word_notice.html").read_text())

    warning = page.locator(".cke_notification_warning")
    expect(warning).to_contain_text("粘贴的内容太大")
    expect(warning).to_contain_text("请分几次粘贴")
    expect(steps.editor_body(page)).not_to_contain_text("森林防火")
