"""The public site as residents use it, in Chromium: every page in 简 and 繁, in every text size
and in high contrast, checked with axe-core (no serious or critical violation), on a 375-px
phone without sideways scrolling; the switches carry to the next page; the keyboard alone
reaches the search box and every article; screenshots kept for people to look at."""

import json
import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PHONE_BROWSER, image_file, make_article, make_column

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = ["standard", "large", "xlarge"]
# The main text's smallest size in each (px): 标准 at least 18, 大 and 特大 at least 22.
MIN_TEXT_PX = {"standard": 18, "large": 22, "xlarge": 22}
SERIOUS = {"serious", "critical"}


@pytest.fixture
def site(transactional_db):
    news = make_column(name="工作动态", slug="gzdt", description="镇里的工作动态")
    notices = make_column(name="通知公告", slug="tzgg")
    now = timezone.now()
    articles = [
        make_article(
            news,
            title=f"蔡桥镇召开第{n}次乡村振兴工作会议",
            summary="部署近期重点工作。",
            body=f"<p>会议要求各村做好发展规划。联系电话：0739-123456{n}。</p>",
            publish_at=now - timedelta(hours=n),
            headline=n == 1,
            cover=image_file(size=(800, 450)) if n < 3 else "",
            cover_alt="会议现场" if n < 3 else "",
        )  # fmt: skip
        for n in range(1, 8)
    ]
    make_article(notices, title="关于做好冬季防火工作的通知", body="<p>请各村落实责任。</p>")
    return {"articles": articles, "columns": [news, notices]}


def pages(site):
    article = site["articles"][0]
    return {
        "home": "/",
        "list": "/news/",
        "column": site["columns"][0].get_absolute_url(),
        "detail": article.get_absolute_url(),
        "search": "/search/?q=%E8%94%A1%E6%A1%A5",  # 蔡桥
        "404": "/news/99999999/",
    }


def with_preferences(page, live_server, size, contrast):
    page.context.clear_cookies()
    cookies = [{"name": "cq_size", "value": size, "url": live_server.url}]
    if contrast:
        cookies.append({"name": "cq_contrast", "value": "on", "url": live_server.url})
    page.context.add_cookies(cookies)


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("script", ["", "/zh-hant"])
def test_every_page_in_every_size_and_contrast_passes_axe_on_a_phone(
    live_server, new_page, site, script
):
    page = new_page()
    found, summary = {}, {}
    for size in SIZES:
        for contrast in (False, True):
            with_preferences(page, live_server, size, contrast)
            for name, path in pages(site).items():
                response = page.goto(live_server.url + script + path)
                assert response.status == (404 if name == "404" else 200), path
                classes = page.evaluate("document.documentElement.className")
                assert f"size-{size}" in classes and ("contrast" in classes) == contrast
                # No sideways scrolling on a 375-px phone.
                assert page.evaluate("document.documentElement.scrollWidth") <= 375, (name, size)
                violations = serious_violations(page)
                key = f"{script or '/'} {name} {size}{' contrast' if contrast else ''}"
                summary[key] = len(violations)
                if violations:
                    found[key] = violations
    steps.SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    label = "hant" if script else "hans"
    (steps.SHOTS_DIR / f"axe-{label}.json").write_text(json.dumps(summary, ensure_ascii=False,
                                                                  indent=1))  # fmt: skip
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("size", SIZES)
def test_text_is_large_enough_with_room_between_lines(live_server, new_page, site, size):
    page = new_page()
    with_preferences(page, live_server, size, contrast=False)
    page.goto(live_server.url + site["articles"][0].get_absolute_url())
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.article__body p'));"
        " return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; }"
    )
    font, line = style
    assert font >= MIN_TEXT_PX[size], style
    assert line >= 1.5 * font, style


def test_tap_targets_are_at_least_44_pixels(live_server, new_page, site):
    page = new_page()
    page.goto(live_server.url + "/news/")
    small = page.evaluate(
        """() => [...document.querySelectorAll(
            '.reader-tools a, .site-nav a, .site-search button, .site-search input,'
            + ' .pagination a, .footer-links a')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim() || e.name, e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 44 || r.height < 44)
            .map(([t, r]) => `${t}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )
    assert small == []


def test_the_switches_carry_to_the_next_page_without_javascript(live_server, browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False,
                                  user_agent=PHONE_BROWSER, locale="zh-CN")  # fmt: skip
    page = context.new_page()
    article = site["articles"][0]
    page.goto(live_server.url + article.get_absolute_url())
    page.locator(".reader-tools__size--xlarge").click()
    expect(page).to_have_url(live_server.url + article.get_absolute_url())
    page.locator(".reader-tools__contrast--on").click()
    assert page.evaluate("document.documentElement.className") == "size-xlarge contrast"
    page.get_by_role("link", name="工作动态").first.click()
    assert page.evaluate("document.documentElement.className") == "size-xlarge contrast"
    page.get_by_role("link", name="繁體").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    assert page.evaluate("document.documentElement.className") == "size-xlarge contrast"
    expect(page.get_by_role("heading", level=1)).to_have_text("工作動態")
    context.close()


def test_the_keyboard_alone_reaches_the_skip_link_search_and_every_article(
    live_server, new_page, site
):
    page = new_page(desktop=True)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    reached, outlines = set(), set()
    for _ in range(120):
        page.keyboard.press("Tab")
        element = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.getAttribute('href') || e.name || '', s.outlineStyle]; }"
        )
        reached.add(element[1])
        if element[2] == "none" and element[0] != "BODY":  # BODY: past the last, to the browser
            outlines.add(f"{element[0]} {element[1]}")
    assert "q" in reached  # the search box
    links = "[...document.querySelectorAll('main a[href^=\"/news/\"]')]"
    linked = set(page.evaluate(f"{links}.map(a => a.getAttribute('href'))"))
    assert {a.get_absolute_url() for a in site["articles"][:6]} <= linked  # the home page's
    assert linked <= reached, linked - reached
    assert not outlines  # focus always visible


@pytest.mark.parametrize(
    ("script", "size", "contrast"),
    [("", "standard", False), ("", "xlarge", False), ("/zh-hant", "standard", False),
     ("/zh-hant", "xlarge", True), ("", "standard", True)],
)  # fmt: skip
def test_screenshots_of_home_and_article_at_375_and_1280(
    live_server, new_page, site, tmp_path, script, size, contrast
):
    article = site["articles"][0]
    for desktop in (False, True):
        page = new_page(desktop=desktop)
        with_preferences(page, live_server, size, contrast)
        for name, path in [("home", "/"), ("article", article.get_absolute_url())]:
            page.goto(live_server.url + script + path)
            if name == "article":
                meta = page.locator(".article__meta").first
                expect(meta).to_be_visible()
                expect(meta).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d"))
                expect(meta).to_contain_text(re.compile(r"(瀏覽次數|浏览次数)：\d+"))
            width = 1280 if desktop else 375
            label = f"{name}-{'hant' if script else 'hans'}-{size}{'-contrast' if contrast else ''}"
            shot = tmp_path / f"{label}-{width}.png"
            assert steps.keep_screenshot(page, shot)[0] == width
