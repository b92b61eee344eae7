"""The site admin opens the admin on a phone and sees, before any inspector, which column is
stale, which goes stale soon, and which is blank."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import ColumnKind
from tests.factories import id_card_number, make_article, make_column, make_user

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_site_admin_sees_the_compliance_clock_on_a_phone(live_server, new_page, tmp_path):
    now = timezone.now()
    make_article(
        make_column(name="工作动态", kind=ColumnKind.NEWS), publish_at=now - timedelta(days=16)
    )
    make_article(
        make_column(name="通知公告", kind=ColumnKind.NOTICE), publish_at=now - timedelta(days=178)
    )
    make_article(make_column(name="镇情概况"), publish_at=now - timedelta(days=2))
    make_column(name="专题专栏")
    admin = make_user("suntao", "站点管理员", first_name="孙涛")

    for page in (new_page(), new_page(desktop=True)):
        steps.log_in(page, live_server, admin)
        clock = page.locator("#compliance-clock")
        expect(clock.locator("tr").filter(has_text="工作动态")).to_contain_text("已超期")
        expect(clock.locator("tr").filter(has_text="专题专栏")).to_contain_text("空白栏目")
        expect(clock.locator(".compliance-warning")).to_have_text("提醒：“通知公告”还有 2 天超期")
        assert steps.beyond_the_screen(page) == []
    steps.keep_screenshot(page, tmp_path / "compliance-clock-1280.png")


def test_a_stale_column_and_an_id_card_number_are_both_warned_before_anything_is_public(
    live_server, staff_desk, author, resident, tmp_path
):
    from news import services
    from news.models import Article

    now = timezone.now()
    news = make_column(name="工作动态", kind=ColumnKind.NEWS)
    make_article(news, publish_at=now - timedelta(days=20))
    reviewer = make_user("zhangsan", "初审", first_name="张三")
    number = id_card_number()
    body = f"<p>经审核，白水溪村村民张某（身份证号{number}）符合危房改造补助条件。</p>"
    article = make_article(news, status=Article.Status.DRAFT, by=author, body=body,
                           title="危房改造补助对象公示")  # fmt: skip
    services.article_submit(article=article, by=author)

    page = staff_desk(reviewer)
    expect(page.locator("#compliance-clock tr").filter(has_text="工作动态")).to_contain_text(
        "已超期"
    )
    page.goto(live_server.url + f"/admin/news/article/{article.pk}/change/")
    findings = page.locator("#compliance-findings")
    expect(findings).to_contain_text(f"含有个人信息：身份证号码 430{'*' * 11}{number[-4:]}")
    expect(page.get_by_role("link", name="通过")).to_have_count(0)
    expect(page.get_by_role("link", name="退回")).to_be_visible()
    steps.keep_screenshot(page, tmp_path / "compliance-findings-reviewer.png")
    steps.expect_not_public(resident, live_server, article)


def test_the_report_and_the_annual_figures_read_on_a_phone(live_server, new_page, tmp_path):
    now = timezone.now()
    column = make_column(name="工作动态", kind=ColumnKind.NEWS)
    make_article(column, title="村民信息公示", body=f"<p>身份证号{id_card_number()}</p>",
                 publish_at=now - timedelta(days=1))  # fmt: skip
    auditor = make_user("shenji", "审计员", first_name="周琳")
    phone = new_page()
    steps.log_in(phone, live_server, auditor)
    phone.get_by_role("link", name="查看完整的网站检查报告（个人信息、错敏词、失效链接等）").click()
    expect(phone.locator("#inspection-status")).to_contain_text("红色（有单项否决风险）")
    expect(phone.locator(".inspection-reds")).to_contain_text("《村民信息公示》含有个人信息")
    assert steps.beyond_the_screen(phone) == []
    steps.keep_screenshot(phone, tmp_path / "inspection-report-375.png")
    phone.get_by_role("link", name="网站年度报表数据（发布、浏览、政务公开、失效链接）").click()
    expect(phone.locator("#annual-figures")).to_contain_text("全年发布文章：1")
    assert steps.beyond_the_screen(phone) == []
    steps.keep_screenshot(phone, tmp_path / "annual-report-375.png")
