"""The admin on a phone (375 px): the article list scrolls inside its own box, never the page,
with the title first; the index's tables keep their headings on one line."""

import pytest
from playwright.sync_api import expect

from tests.factories import ARTICLE_LIST_URL, make_article, make_column, make_user

from . import admin_steps as steps
from .conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 375, "height": 667}
LONG_TITLE = "关于做好2026年冬季森林防火和春节期间安全生产工作暨开展隐患排查整治专项行动的通知"


def page_overflow(page):
    """(the document's width, the window's): equal when nothing scrolls the page sideways."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("role", ["撰稿人", "站点管理员"])
def test_the_article_list_is_usable_on_a_375_px_phone(live_server, new_page, tmp_path, role):
    editor = make_user("liumin", role, first_name="刘敏")
    author = editor if role == "撰稿人" else None  # a site admin oversees, does not write
    column = make_column(name="乡村振兴工作动态", slug="xczx")
    for number in range(5):
        make_article(column, title=f"已发布的第{number + 1}篇工作动态", by=author)
    first = make_article(column, title=LONG_TITLE, by=author)

    phone = new_page()
    phone.set_viewport_size(SMALL_PHONE)
    steps.log_in(phone, live_server, editor)
    phone.goto(live_server.url + ARTICLE_LIST_URL)
    width, window = page_overflow(phone)
    assert width <= window, (width, window)  # only the list's own box scrolls
    headers = phone.locator("#result_list thead th:not(.action-checkbox-column)")
    assert "column-title" in headers.first.get_attribute("class")
    title = phone.locator("#result_list tbody tr").first.locator(".field-title a")
    expect(title).to_have_text(LONG_TITLE)
    expect(title).to_be_in_viewport()
    # Scrolled to the last column, each row still shows its title.
    results = phone.locator("#changelist .results")
    assert results.evaluate("box => box.scrollWidth > box.clientWidth")  # the list is wider
    results.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    expect(phone.locator("#result_list thead th").last).to_be_in_viewport()
    box = title.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], box
    steps.keep_screenshot(phone, tmp_path / f"admin-article-list-375-{role}-scrolled.png")
    # The filters wait below the list, closed: a tap opens one.
    status_filter = phone.locator("#changelist-filter details").filter(has_text="按状态")
    expect(status_filter.get_by_role("link", name="已退回")).to_be_hidden()
    status_filter.locator("summary").click()
    expect(status_filter.get_by_role("link", name="已退回")).to_be_visible()
    if role == "撰稿人":
        actions = phone.locator("select[name=action]")
        actions.scroll_into_view_if_needed()
        expect(actions).to_be_in_viewport(ratio=1)
    results.evaluate("box => { box.scrollLeft = 0; }")
    steps.keep_screenshot(phone, tmp_path / f"admin-article-list-375-{role}.png")
    title.click()
    expect(phone).to_have_url(steps.change_page(live_server, first))


def test_the_article_list_at_a_desk_keeps_its_filters_open(live_server, staff_desk):
    make_article(make_column(), title=LONG_TITLE)
    desk = staff_desk(make_user("suntao", "站点管理员"))
    desk.goto(live_server.url + ARTICLE_LIST_URL)
    status_filter = desk.locator("#changelist-filter details").filter(has_text="按状态")
    expect(status_filter.get_by_role("link", name="已退回")).to_be_visible()
    assert desk.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


# The number of lines an element's text takes.
TEXT_LINES = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""


def test_the_days_left_heading_of_the_index_stays_on_one_line(live_server, new_page, tmp_path):
    from news.models import ColumnKind

    for name in ("乡村振兴工作动态", "通知公告", "政府信息公开年报", "专题专栏"):
        make_article(make_column(name=name, kind=ColumnKind.NEWS))
    admin = make_user("suntao", "站点管理员", first_name="孙涛")
    for size, page in (("375", new_page()), ("1280", new_page(desktop=True))):
        if size == "375":
            page.set_viewport_size(SMALL_PHONE)
        steps.log_in(page, live_server, admin)
        clock = page.locator("#compliance-clock")
        steps.keep_screenshot(page, tmp_path / f"admin-index-{size}.png")
        if size == "1280":
            heading = clock.locator("thead th").filter(has_text="剩余天数")
            assert heading.evaluate(TEXT_LINES) == 1, size
        # On a phone each row is a card; each cell, its label included, is one line.
        for cell in clock.locator("tbody td[data-label=剩余天数]").all():
            assert cell.evaluate(TEXT_LINES) == 1, size
        assert page_overflow(page)[0] <= page_overflow(page)[1], size
