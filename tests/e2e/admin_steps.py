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


def paste(page, *, html="", rtf="", files=()):
    """Paste into the editor what a copy left on the clipboard: HTML and RTF (a copied Word
    document) and files (a copied picture), as Ctrl+V does."""
    page.evaluate(
        """([html, rtf, files]) => {
            const data = new DataTransfer()
            if (html) data.setData("text/html", html)
            if (rtf) data.setData("text/rtf", rtf)
            for (const [bytes, name, type] of files)
                data.items.add(new File([new Uint8Array(bytes)], name, {type}))
            const editable = CKEDITOR.instances.id_body.editable().$
            editable.focus()
            editable.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true}))
        }""",
        [html, rtf, [[list(file.read()), file.name, "image/png"] for file in files]],
    )


def paste_picture(page, picture):
    """Paste an image file into the editor, as Ctrl+V after copying a picture does; CKEditor
    uploads it at once (uploadimage, to our upload view). Returns the uploaded image."""
    paste(page, files=[picture])
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


# Reviewing.

# A finger needs a target at least this tall, and this far from the next one (WCAG 2.5.5 and
# the platforms' guidelines).
TAP_HEIGHT = 44
TAP_GAP = 16


def scroll_width(page):
    """How wide the page is laid out, once its stylesheets and pictures are in: more than the
    screen means sideways scrolling."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


def beyond_the_screen(page):
    """The visible elements that reach past the screen's edges, clipped or not (an ancestor's
    overflow: hidden hides them from scrollWidth, not from the user), except inside a box that
    scrolls by itself (a wide table of an article's body). As "tag#id.class" strings."""
    page.wait_for_load_state("load")
    return page.evaluate(
        r"""() => {
            const width = document.documentElement.clientWidth
            const scrollsByItself = element => {
                for (let p = element.parentElement; p; p = p.parentElement) {
                    if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true
                }
                return false
            }
            return [...document.querySelectorAll("body *")].filter(element => {
                const box = element.getBoundingClientRect()
                if (!box.width || !box.height || getComputedStyle(element).visibility === "hidden")
                    return false
                return (box.right > width + 0.5 || box.left < -0.5) && !scrollsByItself(element)
            }).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
                        (e.className && typeof e.className === "string"
                         ? "." + e.className.trim().split(/\s+/).join(".") : ""))
        }"""
    )


def lines_of(locator):
    """On how many lines the browser sets an element's text (a squeezed table column sets a
    date one character a line)."""
    return locator.evaluate(
        """element => {
            const range = document.createRange()
            range.selectNodeContents(element)
            return new Set([...range.getClientRects()].map(box => Math.round(box.top))).size
        }"""
    )


def gap_between(first, second):
    """The distance between two elements' boxes (0 if they touch or overlap)."""
    a, b = first.bounding_box(), second.bounding_box()
    horizontal = max(b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]), 0)
    vertical = max(b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]), 0)
    return max(horizontal, vertical)


def approve_as(reviewer, level_name, *, article, live_server, staff_desk, outcome, comment="",
               screenshot=None):  # fmt: skip
    """A reviewer at a desk: logs in, opens the article from 待我审核 on the admin index,
    clicks 通过, reads on the confirmation page what approval will do, adds the optional 审核意见
    and clicks 确认通过. outcome is the message expected after it; returns the page."""
    page = staff_desk(reviewer)
    queue = page.locator("#editorial-summary > ul > li").filter(has_text="待我审核")
    expect(queue.locator(".count")).to_have_text("1")
    page.locator("#review-queue").get_by_role("link", name=article.title).click()
    change = change_page(live_server, article)
    expect(page).to_have_url(change)

    panel = page.locator("#workflow")
    expect(panel.locator(".workflow-state strong")).to_have_text(f"待{level_name}")
    approve = panel.get_by_role("link", name="通过", exact=True)
    expect(approve).to_be_visible()
    article.refresh_from_db()
    expect(approve).to_have_attribute(
        "href", re.compile(rf"/workflow/approve/\?revision_id={article.current_revision_id}$")
    )
    expect(panel.get_by_role("link", name="退回")).to_be_visible()
    # Reviewers read; they cannot change the text or submit it.
    expect(page.locator("input[name=_submit_for_review]")).to_have_count(0)
    expect(page.locator("iframe.cke_wysiwyg_frame")).to_have_count(0)
    if screenshot:
        keep_screenshot(page, screenshot)

    approve.click()
    expect(page.locator("#workflow-statement")).to_be_visible()
    if comment:
        page.get_by_label("审核意见").fill(comment)
    page.get_by_role("button", name="确认通过").click()
    expect(page).to_have_url(change)
    expect(page.locator("ul.messagelist li.success")).to_have_text(outcome)
    expect(page.locator("ul.messagelist li.error")).to_have_count(0)
    # Decided: the button is gone for this reviewer, and the trail names them.
    expect(panel.get_by_role("link", name="通过", exact=True)).to_have_count(0)
    trail = page.locator("#audit-trail tbody tr").filter(has_text="审核通过")
    mine = trail.filter(has_text=str(reviewer)).filter(has_text=level_name)
    expect(mine).to_have_count(1)
    if comment:
        expect(mine).to_contain_text(comment)
    return page
