"""No lost work, in a real browser: the tab closed mid-article, the session expired before 保存,
the form opened on another computer — the text comes back through 恢复未保存的内容."""

import re

import pytest
from playwright.sync_api import expect

from autosave.models import Draft
from news.models import Article
from tests.factories import ARTICLE_ADD_URL, change_url, make_article, make_column

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "关于开展冬季森林防火巡查的通知"
SAVED_AT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d$")
TYPED = "各村（社区）：入冬以来气候干燥，请于12月5日前完成巡查。"


def expect_offer_and_restore(page):
    offer = page.locator("#autosave-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("自动保存、但还没有正式保存的内容")
    expect(page.locator("#autosave-offer-time")).to_have_text(SAVED_AT)
    page.get_by_role("button", name="恢复未保存的内容").click()
    expect(offer).to_be_hidden()
    steps.wait_until(page, steps.CKEDITOR_READY)


def test_closing_the_tab_mid_article_and_reopening_restores_the_text(
    live_server, staff_desk, author, settings, tmp_path
):
    settings.AUTOSAVE_INTERVAL_SECONDS = 1
    column = make_column(name="通知公告", slug="tzgg")
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title=TITLE, column=column)
    page.keyboard.type(TYPED)
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    assert Draft.objects.get(user=author).data["title"] == [TITLE]
    context = page.context
    page.close(run_before_unload=True)

    again = context.new_page()
    again.goto(live_server.url + ARTICLE_ADD_URL)
    steps.wait_until(again, steps.CKEDITOR_READY)
    expect(again.locator("#id_title")).to_have_value("")  # a fresh form…
    expect_offer_and_restore(again)  # …offers the text back
    expect(again.locator("#id_title")).to_have_value(TITLE)
    expect(again.locator("#id_column")).to_have_value(str(column.pk))
    expect(steps.editor_body(again)).to_contain_text(TYPED)
    steps.keep_screenshot(again, tmp_path / "autosave-restored.png", full_page=False)
    again.locator("input[name=_save]").click()
    expect(again.locator("ul.messagelist li.success")).to_contain_text(TITLE)
    assert TYPED in Article.objects.get(title=TITLE).body

    # Saved for real: the form no longer offers anything, here or on another computer.
    again.goto(live_server.url + ARTICLE_ADD_URL)
    steps.wait_until(again, steps.CKEDITOR_READY)
    expect(again.locator("#autosave-offer")).to_be_hidden()
    elsewhere = staff_desk(author)
    elsewhere.goto(live_server.url + ARTICLE_ADD_URL)
    steps.wait_until(elsewhere, steps.CKEDITOR_READY)
    expect(elsewhere.locator("#autosave-offer")).to_be_hidden()


def test_the_server_copy_follows_the_author_to_another_computer(
    live_server, staff_desk, author, settings
):
    settings.AUTOSAVE_INTERVAL_SECONDS = 1
    article = make_article(make_column(), status=Article.Status.DRAFT, by=author, title="旧标题")
    page = staff_desk(author)
    page.goto(live_server.url + change_url(article))
    steps.wait_until(page, steps.CKEDITOR_READY)
    page.locator("#id_title").fill(TITLE)
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")

    other = staff_desk(author)  # another browser: nothing in its storage
    other.goto(live_server.url + change_url(article))
    steps.wait_until(other, steps.CKEDITOR_READY)
    expect(other.locator("#id_title")).to_have_value("旧标题")
    expect_offer_and_restore(other)
    expect(other.locator("#id_title")).to_have_value(TITLE)


def test_an_expired_session_loses_nothing_typed(live_server, staff_desk, author, tmp_path):
    article = make_article(make_column(), status=Article.Status.DRAFT, by=author, title="旧标题")
    page = staff_desk(author)
    page.goto(live_server.url + change_url(article))
    steps.wait_until(page, steps.CKEDITOR_READY)
    page.locator("#id_title").fill(TITLE)
    steps.editor_body(page).click()
    page.keyboard.type(TYPED)

    page.context.clear_cookies(name="sessionid")  # the session ends while the author types
    page.locator("input[name=_save]").click()
    expect(page.locator("input[name=username]")).to_be_visible()  # the login page
    assert Article.objects.get(pk=article.pk).title == "旧标题"  # nothing was saved…

    page.locator("input[name=username]").fill(author.username)
    page.locator("input[name=password]").fill(author.raw_password)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(steps.change_page(live_server, article))
    steps.wait_until(page, steps.CKEDITOR_READY)
    expect(page.locator("#autosave-offer")).to_be_visible()
    steps.keep_screenshot(page, tmp_path / "autosave-offer.png", full_page=False)
    expect_offer_and_restore(page)  # …and nothing was lost
    expect(page.locator("#id_title")).to_have_value(TITLE)
    page.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == TITLE and TYPED in stored.body


def test_logging_out_forgets_this_browsers_copies(live_server, staff_desk, author):
    column = make_column()
    page = staff_desk(author)
    steps.open_add_article(page, live_server, title=TITLE, column=column)
    page.keyboard.type(TYPED)
    steps.wait_until(page, "Object.keys(localStorage).some(k => k.startsWith('caiqiao-autosave:'))")
    page.goto(live_server.url + "/admin/")
    page.get_by_role("button", name="注销").click()
    expect(page.get_by_role("link", name="重新登录")).to_be_visible()
    steps.wait_until(
        page, "!Object.keys(localStorage).some(k => k.startsWith('caiqiao-autosave:'))"
    )
