"""The public pages' finish in Chromium, on the smallest phones and in the largest text sizes:
the 政务公开 table fits, the title is on the first screen, the 字号 switch shows where the
keyboard is, print keeps the site's name, phone numbers stay on one line, a feed reads as a
page."""

import datetime

import pytest
from playwright.sync_api import expect

from news.models import SiteSettings
from tests.factories import PHONE_BROWSER, make_article, make_column

from . import admin_steps as steps
from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_NUMBER = "0739-1234567"


@pytest.fixture
def policy(transactional_db):
    """A policy document with its 政务公开 table, under a navigation of the town's columns, and
    the town's phone number in the footer and in the text."""
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"host_organization": "蔡桥镇人民政府", "phone": PHONE_NUMBER}
    )
    for name, slug in [("工作动态", "gzdt"), ("通知公告", "tzgg"), ("乡村振兴", "xczx"),
                       ("便民服务", "bmfw")]:  # fmt: skip
        make_column(name=name, slug=slug)
    policies = make_column(name="政策文件", slug="zcwj", requires_disclosure=True)
    return make_article(
        policies,
        title="关于印发《蔡桥镇冬季森林防火工作方案》的通知",
        body=f"<p>各村（社区）、镇直各单位：请认真贯彻执行。咨询电话：{PHONE_NUMBER}。</p>",
        index_number="430523000000000/2026-00001",
        issuing_body="蔡桥镇人民政府办公室（蔡桥镇应急管理办公室）",
        document_number="蔡政办发〔2026〕123号",
        written_on=datetime.date(2026, 11, 20),
        topic="农业、林业、水利",
        validity="valid",
    )


def open_at(new_page, live_server, path, *, width, height=800, size="standard", contrast=False):
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    cookies = [{"name": "cq_size", "value": size, "url": live_server.url}]
    if contrast:
        cookies.append({"name": "cq_contrast", "value": "on", "url": live_server.url})
    page.context.add_cookies(cookies)
    page.goto(live_server.url + path)
    return page


@pytest.mark.parametrize("width", [320, 375])
def test_the_disclosure_table_fits_a_small_phone_in_the_large_sizes(
    live_server, new_page, policy, width
):
    for size in ["large", "xlarge"]:
        page = open_at(new_page, live_server, policy.get_absolute_url(), width=width, size=size)
        expect(page.locator("table.disclosure")).to_contain_text("430523000000000/2026-00001")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, size
        cut = page.locator("table.disclosure th, table.disclosure td").evaluate_all(
            "cells => cells.filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent)"
        )
        assert cut == [], (width, size)
        table = page.locator("table.disclosure").evaluate("t => [t.scrollWidth, t.clientWidth]")
        assert table[0] <= table[1], (width, size)


def test_the_title_is_on_the_first_screen_of_a_phone_at_the_largest_size(
    live_server, new_page, policy, tmp_path
):
    for width in [375, 320]:
        page = open_at(
            new_page, live_server, policy.get_absolute_url(), width=width, height=667,
            size="xlarge",
        )  # fmt: skip
        expect(page.locator("nav.breadcrumbs")).to_be_visible()
        top = page.locator("h1.article__title").bounding_box()["y"]
        assert top < 667, (width, top)
        steps.keep_screenshot(page, tmp_path / f"policy-xlarge-{width}.png", full_page=False)
        steps.keep_screenshot(page, tmp_path / f"policy-xlarge-{width}-full.png")


@pytest.mark.parametrize("contrast", [False, True])
def test_the_text_size_switch_shows_a_clear_focus_ring(live_server, new_page, policy, contrast):
    """The size the reader chose is the button the keyboard most likely lands on again."""
    page = open_at(new_page, live_server, "/", width=375, size="xlarge", contrast=contrast)
    current = page.locator(".reader-tools__size--xlarge")
    rest = current.evaluate("a => getComputedStyle(a).outlineColor")
    for _ in range(10):
        page.keyboard.press("Tab")
        if current.evaluate("a => a === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the 特大 button")
    ring = current.evaluate(
        "a => { const s = getComputedStyle(a); return [s.outlineStyle, s.outlineWidth,"
        " s.outlineColor]; }"
    )
    focus = "rgb(255, 235, 59)" if contrast else "rgb(19, 87, 196)"  # --focus
    assert ring == ["solid", "3px", focus], ring
    assert rest != focus


def test_print_keeps_the_site_name(live_server, new_page, policy):
    page = open_at(new_page, live_server, policy.get_absolute_url(), width=375)
    page.emulate_media(media="print")
    expect(page.locator(".site-name")).to_be_visible()
    expect(page.locator(".site-name")).to_contain_text(SiteSettings.current().site_name)
    expect(page.locator(".site-search")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_hidden()


def test_phone_numbers_stay_on_one_line_on_a_small_phone(live_server, new_page, policy):
    for size in ["standard", "large", "xlarge"]:
        page = open_at(new_page, live_server, policy.get_absolute_url(), width=320, size=size)
        for where in [".site-footer", ".article__body"]:
            number = page.locator(where).get_by_text(PHONE_NUMBER, exact=True)
            expect(number).to_have_count(1)
            assert number.evaluate("e => e.getClientRects().length") == 1, (size, where)


def test_a_feed_opens_as_a_page_listing_the_articles(live_server, browser, policy):
    """In a context of its own: Chromium (156) adds a notice of its own that XSLT is deprecated,
    styled inline and with an inline handler, which the feed's policy rightly refuses. Nothing
    of ours may be refused (the stylesheet is the site's own)."""
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_BROWSER, locale="zh-CN")
    refused = []
    page = context.new_page()
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.goto(live_server.url + "/feed/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SiteSettings.current().site_name)
    link = page.get_by_role("link", name=policy.title)
    expect(link).to_be_visible()
    assert link.get_attribute("href").endswith(policy.get_absolute_url())
    expect(page.get_by_text("RSS 阅读器", exact=False)).to_be_visible()
    chromiums_notice = ("Applying inline style", "Executing inline event handler")
    assert [text for text in refused if not text.startswith(chromiums_notice)] == []
    context.close()
