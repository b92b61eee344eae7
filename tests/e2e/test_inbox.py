"""消息 in a real browser: a reviewer told of an article by the workflow sees the unread count in
the header and on the admin index, opens the message (read, the count goes), follows its link to
the article, at a desk and on a phone without sideways scrolling. Screenshots are kept."""

import pytest
from playwright.sync_api import expect

from news import services
from news.models import Article
from tests.e2e.admin_steps import keep_screenshot, log_in, scroll_width
from tests.factories import make_article, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(transactional_db):
    """刘敏 submitted two articles; 王强 (初审) has been told of both."""
    author = make_user("liumin", "撰稿人", first_name="刘敏", email="liumin@example.com")
    reviewer = make_user("wangqiang", "初审", first_name="王强", email="wangqiang@example.com")
    articles = []
    for title in ["关于开展冬季森林防火巡查的通知", "蔡桥镇2026年度民生实事项目征集启事"]:
        article = make_article(status=Article.Status.DRAFT, by=author, title=title)
        articles.append(services.article_submit(article=article, by=author))
    return reviewer, articles


@pytest.mark.parametrize("desk", [True, False], ids=["1280px", "375px"])
def test_a_reviewer_reads_a_message_and_follows_it_to_the_article(
    new_page, live_server, waiting, desk, tmp_path
):
    reviewer, articles = waiting
    width = "1280" if desk else "375"
    page = new_page(desktop=desk)
    log_in(page, live_server, reviewer)
    header = page.locator("#user-tools")
    expect(header).to_contain_text("欢迎，王强")
    expect(header.locator(".inbox-count")).to_have_text("2")
    expect(page.locator(".inbox-summary")).to_have_text("您有 2 条未读消息")
    assert scroll_width(page) <= page.viewport_size["width"]
    keep_screenshot(page, tmp_path / f"inbox-index-{width}.png", full_page=False)

    page.locator(".inbox-summary a").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    newest = f"待初审：{articles[1].title}"
    expect(rows.first.locator("strong.inbox-unread")).to_have_text(newest)
    assert scroll_width(page) <= page.viewport_size["width"]
    page.goto(live_server.url + "/admin/inbox/message/")
    keep_screenshot(page, tmp_path / f"inbox-list-{width}.png")

    rows.first.get_by_role("link", name=newest).click()
    expect(page.locator(".inbox-text")).to_contain_text(
        f"刘敏的稿件《{articles[1].title}》等待初审。"
    )
    expect(header.locator(".inbox-count")).to_have_text("1")
    assert scroll_width(page) <= page.viewport_size["width"]
    keep_screenshot(page, tmp_path / f"inbox-message-{width}.png")
    page.get_by_role("link", name="打开稿件").click()
    expect(page.locator("#workflow .workflow-state strong")).to_have_text("待初审")

    page.goto(live_server.url + "/admin/inbox/message/")
    expect(rows.locator("strong.inbox-unread")).to_have_count(1)
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.locator("ul.messagelist li.success")).to_have_text("已将 1 条消息标为已读。")
    expect(rows.locator("strong.inbox-unread")).to_have_count(0)
    expect(header.locator(".inbox-count")).to_have_count(0)
