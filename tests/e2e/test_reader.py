"""A resident on a phone: home page → column → article, and the view counter."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article
from tests.factories import make_article, make_column

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


def assert_no_horizontal_scroll(page):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH, (
        f"{page.url} is {scroll_width}px wide at {PHONE_WIDTH}px: residents must scroll sideways"
    )


def test_resident_goes_home_to_column_to_article_and_sees_the_count_rise(
    live_server, resident, neighbour, tmp_path
):
    now = timezone.now()
    column = make_column(name="工作动态", slug="gzdt", description="镇党委、政府的日常工作。")
    headline = make_article(
        column,
        title="蔡桥镇召开2025年春季防汛工作部署会",
        summary="会议要求各村（社区）落实防汛责任，做好汛前隐患排查。",
        body="<p>3月18日上午，蔡桥镇召开春季防汛工作部署会。</p><p>会议强调要压实责任。</p>",
        headline=True,
        publish_at=now - timedelta(hours=1),
    )
    second = make_article(
        column,
        title="镇卫生院开展老年人免费健康体检",
        body="<p>体检项目包括血压、血糖和心电图，请65岁以上老人携带身份证前往。</p>",
        author_name="李明",
        publish_at=now - timedelta(days=1),
    )
    third = make_article(
        column,
        title="蔡桥村完成高标准农田建设验收",
        publish_at=now - timedelta(days=2),
    )
    draft = make_article(
        column,
        title="草稿：尚未审核的人事任免通知",
        status=Article.Status.DRAFT,
        publish_at=now - timedelta(minutes=5),
    )

    # Home page: the headline block shows the headline, the draft is nowhere.
    resident.goto(live_server.url + "/")
    headlines = resident.locator("section.headlines")
    expect(headlines.get_by_role("link", name=headline.title)).to_be_visible()
    expect(resident.get_by_text(draft.title)).to_have_count(0)
    assert_no_horizontal_scroll(resident)

    # The column link in the navigation.
    navigation = resident.get_by_role("navigation", name="栏目导航")
    navigation.get_by_role("link", name=column.name).click()
    expect(resident).to_have_url(live_server.url + column.get_absolute_url())
    expect(resident.get_by_role("heading", level=1)).to_have_text(column.name)
    expect(resident.locator("ul.cards .card__title")).to_have_text(
        [headline.title, second.title, third.title]
    )
    expect(resident.get_by_text(draft.title)).to_have_count(0)
    assert_no_horizontal_scroll(resident)

    # The article: its own view counts; a reload is the same reader and does not count again;
    # another reader's visit counts one more.
    resident.get_by_role("link", name=second.title).click()
    expect(resident).to_have_url(live_server.url + second.get_absolute_url())
    expect(resident.get_by_role("heading", level=1)).to_have_text(second.title)
    view_count = resident.locator(".view-count")
    expect(view_count).to_have_text(re.compile(r"^\d+$"))
    first_count = int(view_count.inner_text())
    assert first_count == 1, "the page shows the count including this very view"

    resident.reload()
    expect(view_count).to_have_text(str(first_count))
    neighbour.goto(live_server.url + second.get_absolute_url())
    expect(neighbour.locator(".view-count")).to_have_text(str(first_count + 1))
    second.refresh_from_db()
    assert second.view_count == first_count + 1

    expect(resident.locator(".article__body")).to_contain_text("请65岁以上老人携带身份证前往")
    expect(resident.locator(".article__meta").nth(1)).to_contain_text("作者：李明")
    assert_no_horizontal_scroll(resident)

    width, _ = steps.keep_screenshot(resident, tmp_path / "article-375px.png")
    assert width == PHONE_WIDTH
