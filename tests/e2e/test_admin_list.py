"""The site admin's article list on a 1280-px screen: every column fits without a sideways
scroll, each row says where the article is and who holds it, and a review waiting for days
stands out."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from news import services
from news.models import Article
from tests.factories import ARTICLE_LIST_URL, make_article, make_column, make_user

from . import admin_steps as steps
from .conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The list's box, its table and each column, in pixels: "box table column:width ...".
COLUMN_WIDTHS = """box => [box.clientWidth, box.scrollWidth,
    ...[...box.querySelectorAll("thead th")].map(th => th.className + ":" + th.offsetWidth)
].join(" ")"""
LONG_TITLE = "关于做好2026年冬季森林防火和春节期间安全生产工作暨开展隐患排查整治专项行动的通知"


def test_the_article_list_fits_1280_px_and_shows_who_holds_each_article(
    live_server, staff_desk, tmp_path
):
    author = make_user("liumin", "撰稿人", first_name="刘敏")
    make_user("zhangsan", "初审", first_name="张三")
    make_user("lisi", "初审", first_name="李四")
    admin = make_user("suntao", "站点管理员", first_name="孙涛")
    column = make_column(name="通知公告", slug="tzgg")
    a_week_ago = timezone.now() - timedelta(days=7)
    with time_machine.travel(a_week_ago, tick=False):
        late = make_article(column, status=Article.Status.DRAFT, title=LONG_TITLE, by=author)
        services.article_submit(article=late, by=author)
    fresh = make_article(column, status=Article.Status.DRAFT, title="今天的草稿", by=author)
    for number in range(12):
        make_article(column, title=f"已发布的第{number + 1}篇工作动态", by=author)

    page = staff_desk(admin)
    page.goto(live_server.url + ARTICLE_LIST_URL)
    late_row = page.locator("#result_list tr").filter(has_text=LONG_TITLE)
    expect(late_row).to_contain_text("待初审")
    expect(late_row).to_contain_text("张三、李四")
    expect(late_row).to_contain_text("7天")
    expect(late_row.locator(".overdue")).to_be_visible()
    background = late_row.locator("td").first.evaluate(
        "cell => getComputedStyle(cell).backgroundColor"
    )
    assert background == "rgb(255, 243, 224)"
    expect(page.locator("#result_list tr").filter(has_text=fresh.title)).to_contain_text("刘敏")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    results = page.locator("#changelist .results")  # Django lets the table scroll in there
    steps.keep_screenshot(page, tmp_path / "admin-article-list-1280.png")
    widths = results.evaluate(COLUMN_WIDTHS)
    box, table = map(int, widths.split()[:2])
    assert table <= box, widths


def test_an_author_sees_where_their_articles_are_on_the_index_on_a_phone(
    live_server, new_page, tmp_path
):
    author = make_user("liumin", "撰稿人", first_name="刘敏")
    reviewer = make_user("zhangsan", "初审", first_name="张三")
    column = make_column(name="通知公告", slug="tzgg")
    returned = make_article(column, status=Article.Status.DRAFT, title=LONG_TITLE, by=author)
    services.article_submit(article=returned, by=author)
    services.article_return(article=returned, by=reviewer, reason="请补充检查的时间和责任人。")
    make_article(column, status=Article.Status.DRAFT, title="草稿一篇", by=author)
    make_article(column, title="已发布的一篇", by=author)

    phone = new_page()
    steps.log_in(phone, live_server, author)
    mine = phone.locator("#own-articles > li")
    expect(mine).to_have_text(["草稿 1", "已退回 1", "审核中 0", "已发布 1"])
    returned_item = phone.locator("#returned-articles li")
    expect(returned_item).to_contain_text("请补充检查的时间和责任人。")
    returned_item.get_by_role("link").click()
    expect(phone).to_have_url(steps.change_page(live_server, returned))
    expect(phone.locator(".workflow-reason")).to_contain_text("请补充检查的时间和责任人。")
    phone.go_back()
    assert steps.beyond_the_screen(phone) == []
    steps.keep_screenshot(phone, tmp_path / "admin-index-author-375.png")
