"""What staff do in the admin, step by step, shared by the browser tests."""

import re

from playwright.sync_api import expect

from news.models import Article

CKEDITOR_READY = (
    "window.CKEDITOR && CKEDITOR.instances.id_body && CKEDITOR.instances.id_body.status === 'ready'"
)
UPLOADED_IMAGE = re.compile(r"^/media/uploads/(?:[^/]+/)*[0-9a-f]{32}\.png$")


def log_in(page, live_server, user):
    """Through the admin login form, as a member of staff does."""
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


def upload_image(page, picture):
    """Insert picture through CKEditor's image dialog (上传 tab → 上传到服务器 → 确定).

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
    image = editor_body(page).locator("img")
    expect(image).to_have_attribute("src", UPLOADED_IMAGE)
    page.remove_listener("dialog", dismiss)
    return image.get_attribute("src")


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


def expect_not_public(visitor, live_server, article):
    """A resident (not logged in) gets the 404 page for the article."""
    response = visitor.goto(live_server.url + article.get_absolute_url())
    assert response.status == 404, f"{article.get_absolute_url()} answered {response.status}"
    expect(visitor.get_by_text(article.title)).to_have_count(0)
