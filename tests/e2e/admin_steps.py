"""The steps of the browser tests, each written once: what staff do in the admin (log in, write,
upload, submit, review) and what a resident gets. Test modules import from here (and from
tests.factories), never from each other; the browsers themselves are fixtures in conftest.py."""

import os
import re
import shutil
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from news.models import Article
from tests.factories import ARTICLE_ADD_URL, approve_all, change_url, make_user

CKEDITOR_READY = (
    "window.CKEDITOR && CKEDITOR.instances.id_body && CKEDITOR.instances.id_body.status === 'ready'"
)
UPLOADED_IMAGE = re.compile(r"^/media/uploads/[0-9a-f]{32}_\d+x\d+\.png$")
# Screenshots are also copied here for people to look at after the run.
SHOTS_DIR = Path(os.environ.get("E2E_SHOTS_DIR", "/tmp/e2e-shots"))


def wait_until(page, expression, arg=None, timeout=10):
    """Poll a JavaScript expression until it is true. Playwright's own wait_for_function
    compiles its predicate inside the page, which the Content-Security-Policy forbids (no
    'unsafe-eval'); evaluate() goes through the browser's debugging protocol instead."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.05)


# Staff in the admin.


def log_in(page, live_server, user):
    """Through the admin login form, as a member of staff does; lands on the admin index."""
    page.goto(live_server.url + "/admin/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(user.raw_password)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def change_page(live_server, article):
    """The address of the article's admin change page (with or without a query)."""
    return re.compile(re.escape(live_server.url + change_url(article)) + r"(?:\?.*)?$")


def open_add_article(page, live_server, *, title, column):
    """An author opens 增加文章, fills in the title and column and puts the caret into the body
    once CKEditor is ready. Returns the editable body."""
    page.goto(live_server.url + ARTICLE_ADD_URL)
    # No status to choose: the author saves a draft or submits it.
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.locator("input[name=_save]")).to_have_value("保存")
    page.locator("#id_title").fill(title)
    page.locator("#id_column").select_option(str(column.pk))
    wait_until(page, CKEDITOR_READY)
    body = editor_body(page)
    body.click()
    return body


def editor_body(page):
    """The editable body inside CKEditor's iframe."""
    return page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")


def type_with_bold(page, before, bold_text, after):
    """Type into CKEditor where the caret is, with the middle part in bold (toolbar button)."""
    page.keyboard.type(before)
    bold = page.locator("a.cke_button__bold")
    bold.click()
    expect(bold).to_have_class(re.compile(r"\bcke_button_on\b"))
    page.keyboard.type(bold_text)
    bold.click()
    expect(bold).to_have_class(re.compile(r"\bcke_button_off\b"))
    page.keyboard.type(after)


def upload_image(page, picture, alt="油菜花田"):
    """Insert picture (a PNG file, e.g. tests.factories.image_file) through CKEditor's image
    dialog (上传 tab → 上传到服务器 → 替换文本 → 确定).

    Returns the URL the server stored it under.
    """
    alerts = []

    def dismiss(dialog):
        alerts.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator("a.cke_button__image").click()
    dialog = page.locator(".cke_dialog").filter(has=page.get_by_role("tab", name="上传"))
    expect(dialog).to_be_visible()
    dialog.get_by_role("tab", name="上传").click()
    file_frame = dialog.frame_locator("iframe.cke_dialog_ui_input_file")
    picture.seek(0)
    file_frame.locator("input[type=file]").set_input_files(
        {"name": picture.name, "mimeType": "image/png", "buffer": picture.read()}
    )
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
    dialog.get_by_role("textbox", name="替换文本").fill(alt)
    dialog.get_by_role("button", name="确定").click()
    expect(dialog).to_be_hidden()
    image = editor_body(page).get_by_role("img", name=alt)  # not image2's drag handle
    expect(image).to_have_attribute("src", UPLOADED_IMAGE)
    expect(image).to_have_attribute("alt", alt)
    page.remove_listener("dialog", dismiss)
    return image.get_attribute("src")


def paste_picture(page, picture):
    """Paste an image file into the editor, as Ctrl+V after copying a picture does; CKEditor
    uploads it at once (uploadimage, to our upload view). Returns the uploaded image."""
    page.evaluate(
        """([bytes, name]) => {
            const file = new File([new Uint8Array(bytes)], name, {type: "image/png"})
            const data = new DataTransfer()
            data.items.add(file)
            const editable = CKEDITOR.instances.id_body.editable().$
            editable.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true}))
        }""",
        [list(picture.read()), picture.name],
    )
    image = editor_body(page).locator("img[src^='/media/uploads/']")
    expect(image).to_have_count(1)
    return image


def publish(article):
    """Three reviewers, one per level, approve the article (outside the browser)."""
    approve_all(article, {level: make_user(f"{level}-e2e", role)
                          for level, role in [("reviewer1", "初审"), ("reviewer2", "复审"),
                                              ("reviewer3", "终审")]})  # fmt: skip


def save_and_submit_for_review(page, title):
    """Click 保存并提交审核 on the add page; both messages appear. Returns the stored article."""
    button = page.locator("input[type=submit][name=_submit_for_review]")
    expect(button).to_have_value("保存并提交审核")
    button.click()
    messages = page.locator("ul.messagelist li.success")
    expect(messages.filter(has_text=title)).to_have_count(1)  # 添加成功
    expect(messages.filter(has_text="稿件已提交审核。")).to_be_visible()
    expect(page.locator("ul.messagelist li.error")).to_have_count(0)
    return Article.objects.get(title=title)


# Residents.


def expect_not_public(visitor, live_server, article):
    """A resident (not logged in) gets the 404 page for the article."""
    response = visitor.goto(live_server.url + article.get_absolute_url())
    assert response.status == 404, f"{article.get_absolute_url()} answered {response.status}"
    expect(visitor.get_by_text(article.title)).to_have_count(0)


def keep_screenshot(page, path, *, full_page=True):
    """Screenshot to path, copied to SHOTS_DIR as well; returns its size in pixels."""
    page.screenshot(path=path, full_page=full_page)
    with Image.open(path) as shot:
        size = shot.size
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS_DIR / path.name)
    return size
