"""The annual website report's figures for a year: articles first published per column and
month (withdrawn ones too), 政务公开 documents, views of the year's days in total and per column,
the busiest articles, broken links found and fixed — on a page and as CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.annual import annual_report
from links.models import CheckedLink
from news import services
from news.models import Article
from readership.counter import keep_old_views
from readership.models import DailyViews
from tests.factories import approve_all, as_user, make_article, make_column

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]

ANNUAL_URL = reverse("admin:compliance_annual")


def beijing(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def year_2025(people):
    news = make_column(name="工作动态", order=1)
    policies = make_column(name="政策文件", order=2, requires_disclosure=True)
    jan = make_article(news, title="一月新闻", publish_at=beijing(2025, 1, 31, 23, 30))
    make_article(news, title="三月新闻", publish_at=beijing(2025, 3, 2, 9, 0))
    make_article(news, title="去年新闻", publish_at=beijing(2024, 12, 31, 23, 59))
    withdrawn = make_article(news, title="后来撤回的", publish_at=beijing(2025, 3, 9, 9, 0))
    services.article_withdraw(article=withdrawn, by=people["site_admin"], reason="过时")
    make_article(policies, title="一号文件", publish_at=beijing(2025, 6, 1, 9, 0))
    make_article(news, title="有文号的通知", document_number="蔡政发〔2025〕3号",
                 publish_at=beijing(2025, 6, 2, 9, 0))  # fmt: skip
    DailyViews.objects.create(article=jan, date=datetime.date(2025, 2, 1), views=120)
    DailyViews.objects.create(article=jan, date=datetime.date(2026, 1, 1), views=999)  # next year
    return {"news": news, "policies": policies, "jan": jan}


def test_articles_count_in_the_month_and_year_they_first_went_out_beijing_time(year_2025):
    report = annual_report(2025)
    news, policies = report.columns
    assert news.months[:6] == [1, 0, 2, 0, 0, 1] and news.published == 4
    assert policies.months[5] == 1
    assert report.published == 5 and report.month_totals[5] == 2
    assert report.disclosure_documents == 2  # the policy column's and the numbered notice


def test_views_are_those_of_the_years_days(year_2025):
    report = annual_report(2025)
    assert report.views == 120 and report.columns[0].views == 120
    assert report.busiest == [(year_2025["jan"], 120)]


def test_broken_links_found_and_fixed_in_the_year(year_2025):
    links = [
        ("/a", beijing(2025, 5, 1, 9), None),
        ("/b", beijing(2025, 5, 1, 9), beijing(2025, 7, 1, 9)),
        ("/c", beijing(2024, 5, 1, 9), beijing(2025, 2, 1, 9)),
    ]
    for url, broken, fixed in links:
        CheckedLink.objects.create(
            article=year_2025["jan"], url=url, kind="link", where="internal",
            is_broken=fixed is None, first_broken_at=broken, fixed_at=fixed,
        )  # fmt: skip
    report = annual_report(2025)
    assert (report.links_found, report.links_fixed) == (2, 2)


def test_the_page_and_the_csv(client, year_2025, people):
    site_admin = as_user(client, people["site_admin"])
    html = site_admin.get(ANNUAL_URL, {"year": "2025"}).content.decode()
    assert "2025 年网站年度报表数据" in html and "一月新闻" in html
    response = site_admin.get(ANNUAL_URL, {"year": "2025", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="annual-report-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["栏目", "1月", "2月"] and rows[0][-2:] == ["全年发布", "全年浏览次数"]
    assert rows[1] == ["工作动态", "1", "0", "2", "0", "0", "1", *["0"] * 6, "4", "120"]
    assert ["政务公开文件发布数", "2"] in rows


@pytest.mark.parametrize("year", ["1999x", "²", "1999", "99999999999999999999"])
def test_a_year_that_is_not_one_is_said_and_this_year_shown(client, people, year):
    response = as_user(client, people["auditor"]).get(ANNUAL_URL, {"year": year})
    this_year = timezone.localdate().year
    assert f"没有这个年份，下面是 {this_year} 年的数据。" in response.content.decode()


def test_only_site_admins_and_auditors_see_it(client, people):
    assert as_user(client, people["author"]).get(ANNUAL_URL).status_code == 403


def test_an_old_sites_article_imported_as_a_draft_counts_only_once_approved(people):
    article = keep_old_views(services.article_import_draft(
        article=Article(column=make_column(), title="旧网站的文章", body="<p>旧文</p>",
                        publish_at=beijing(2025, 4, 1, 9, 0)),
        by=people["author"], note="从旧网站导入",
    ), 500)  # fmt: skip
    report = annual_report(2025)
    assert (report.published, report.views, report.busiest) == (0, 0, [])
    services.article_submit(article=article, by=people["author"])
    approve_all(article, people)
    report = annual_report(2025)
    assert (report.published, report.views) == (1, 500)
