"""The public pages: home, lists and column pages with their paging, the article page, 404s,
escaping, covers, headers, and the number of queries a page takes."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.urls import reverse

from news.models import Article, SiteSettings
from tests.factories import image_file, make_article, make_column

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["article_list"]]


def a_minute_apart(now, count, title="文章{:02}", **column):
    """A new column with `count` public articles, the newest first, a minute apart; their
    titles are title.format(0), title.format(1)..."""
    column = make_column(**column)
    for number in range(count):
        make_article(column, title=title.format(number), publish_at=now - timedelta(minutes=number))
    return column


@pytest.fixture
def site(now):
    """Two visible columns and a hidden one, with public and non-public articles."""
    news = make_column(name="工作动态", slug="gzdt", order=1)
    notices = make_column(name="通知公告", slug="tzgg", order=2, description="面向群众的通知。")
    hidden = make_column(name="内部栏目", slug="hidden", order=3, visible=False)
    return {
        "news": news,
        "notices": notices,
        "hidden": hidden,
        "headline": make_article(
            news, title="头条新闻", headline=True, publish_at=now - timedelta(hours=1)
        ),
        "news_item": make_article(news, title="普通新闻", publish_at=now - timedelta(days=2)),
        "notice": make_article(notices, title="停水通知", publish_at=now - timedelta(days=1)),
        "hidden_item": make_article(
            hidden, title="隐藏栏目文章", publish_at=now - timedelta(days=3)
        ),
        "draft": make_article(news, title="草稿文章", status=Article.Status.DRAFT),
        "scheduled": make_article(
            news, title="定时文章", headline=True, publish_at=now + timedelta(hours=1)
        ),
    }


def test_home_shows_headlines_and_latest_of_each_visible_column(client, site):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [a.title for a in response.context["headlines"]] == ["头条新闻"]
    blocks = {column.name: [a.title for a in items] for column, items in response.context[
        "column_blocks"]}  # fmt: skip
    assert blocks == {"工作动态": ["头条新闻", "普通新闻"], "通知公告": ["停水通知"]}
    for hidden in ["草稿文章", "定时文章", "内部栏目"]:
        assert hidden not in html


def test_home_shows_at_most_six_articles_per_column_newest_first(client, now):
    column = make_column()
    for day in range(8):
        make_article(column, title=f"第{day}天", publish_at=now - timedelta(days=day))
    (_, articles), = client.get("/").context["column_blocks"]  # fmt: skip
    assert [a.title for a in articles] == [f"第{day}天" for day in range(6)]


def test_list_shows_public_articles_pinned_first_then_newest(client, site, now):
    make_article(site["notices"], title="置顶通知", pinned=True, publish_at=now - timedelta(days=9))
    response = client.get("/news/")
    assert titles(response) == ["置顶通知", "头条新闻", "停水通知", "普通新闻", "隐藏栏目文章"]
    assert "置顶" in response.content.decode()


def test_list_pages_twenty_articles_at_a_time(client, now):
    a_minute_apart(now, 45)
    first, third = client.get("/news/"), client.get("/news/?page=3")
    assert titles(first) == [f"文章{n:02}" for n in range(20)]
    assert titles(third) == [f"文章{n:02}" for n in range(40, 45)]
    assert "第 1 / 3 页，共 45 篇" in first.content.decode()
    assert client.get("/news/?page=last").context["page_obj"].number == 3


@pytest.mark.parametrize("page", ["0", "4", "abc", "-1", "1.5", "99999999999999999999"])
def test_list_page_out_of_range_or_not_a_number_is_a_chinese_404(client, now, page):
    a_minute_apart(now, 45)
    response = client.get("/news/", {"page": page})
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_column_page_shows_only_that_columns_public_articles(client, site):
    response = client.get(reverse("news:column", kwargs={"slug": "gzdt"}))
    assert titles(response) == ["头条新闻", "普通新闻"]
    html = response.content.decode()
    assert '<h1 class="page-title">工作动态</h1>' in html
    assert 'aria-current="page">工作动态</a>' in html


def test_hidden_column_page_still_answers_by_its_link(client, site):
    assert titles(client.get("/news/column/hidden/")) == ["隐藏栏目文章"]


@pytest.mark.parametrize("path", ["/news/column/nope/", "/news/column/%E4%B8%AD/", "/news/0/",
                                  "/news/abc/", "/news/99999/", "/nothing-here/"])  # fmt: skip
def test_unknown_addresses_are_a_chinese_404(client, site, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_detail_page_shows_everything_a_reader_needs(client, site, now):
    article = make_article(
        site["notices"],
        title="关于开展秋季征兵的通知",
        body="<p>适龄青年请于<strong>本月底前</strong>报名。</p>",
        source="蔡桥镇武装部",
        author_name="王丽",
        editor_name="陈刚",
        publish_at=datetime(2023, 2, 20, 7, 31, 59, tzinfo=ZoneInfo("Asia/Shanghai")),
        view_count=1233,
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 class="article__title">关于开展秋季征兵的通知</h1>' in html
    assert "2023-02-20 07:31" in html
    assert '浏览次数：<span class="view-count">1234</span>' in html
    assert "来源：蔡桥镇武装部" in html and "作者：王丽" in html and "责任编辑：陈刚" in html
    assert "<p>适龄青年请于<strong>本月底前</strong>报名。</p>" in html
    crumbs = html[
        html.index('class="breadcrumbs') : html.index("</nav>", html.index("breadcrumbs"))
    ]
    assert re.findall(r">([^<>]+)</(?:a|span)>", crumbs) == ["首页", "通知公告", "正文"]


def test_detail_page_links_previous_and_next_in_the_column(client, site):
    html = client.get(site["news_item"].get_absolute_url()).content.decode()
    assert "上一篇：没有了" in html
    assert f'下一篇：<a href="{site["headline"].get_absolute_url()}">头条新闻</a>' in html


@pytest.mark.parametrize("key", ["draft", "scheduled"])
def test_article_that_is_not_public_is_a_404(client, site, key):
    response = client.get(site[key].get_absolute_url())
    assert response.status_code == 404
    assert site[key].title not in response.content.decode()


def test_titles_and_summaries_are_escaped(client):
    article = make_article(title="<script>alert(1)</script>", summary="<b>粗</b>")
    list_html = client.get("/news/").content.decode()
    detail_html = client.get(article.get_absolute_url()).content.decode()
    for html in (list_html, detail_html):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;粗&lt;/b&gt;" in list_html


def test_pages_show_the_cover_rendition_not_the_original(client):
    article = make_article(cover=image_file(), headline=True)
    for path in ["/", "/news/", article.get_absolute_url()]:
        html = client.get(path).content.decode()
        assert article.cover_rendition.url in html
        assert article.cover.url not in html


def test_detail_page_is_not_cached_by_browsers_or_proxies(client, site):
    response = client.get(site["headline"].get_absolute_url())
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_pages_are_chinese_and_load_no_outside_resources(client, site):
    """Links may lead elsewhere (the footer's filing lookups); nothing is loaded from there."""
    for path in ["/", "/news/", "/news/column/gzdt/", site["headline"].get_absolute_url()]:
        html = client.get(path).content.decode()
        assert '<html lang="zh-Hans" ' in html
        assert not re.search(r'src="(?:https?:)?//', html), path
        assert not re.search(
            r'<link [^>]*href="(?:https?:)?//[^"]*"[^>]*rel="(?:stylesheet|icon)', html
        )
        assert not re.search(r'<link rel="(?:stylesheet|icon)"[^>]*href="(?:https?:)?//', html)


def test_security_headers_are_sent(client, site):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# Cold caches: navigation + headlines + latest per column; navigation + count + page; + the column.
# Cold caches: the navigation, the site's identity (站点设置), the page's own queries.
PAGE_QUERIES = {"/": 4, "/news/": 4, "/news/column/c/": 5}


@pytest.mark.parametrize("articles", [1, 30])
def test_list_and_column_pages_take_the_same_queries_whatever_the_number_of_articles(
    client, django_assert_num_queries, now, articles
):
    column = make_column(slug="c")
    for number in range(articles):
        make_article(
            column,
            publish_at=now - timedelta(minutes=number),
            headline=number < 3,
            cover=image_file() if number < 2 else "",
        )
    SiteSettings.load()  # the row exists on a live site; its first creation is not a page's cost
    for path, queries in PAGE_QUERIES.items():
        for cache in caches.all():
            cache.clear()
        with django_assert_num_queries(queries):
            assert client.get(path).status_code == 200
        with django_assert_num_queries(0):  # then served from the cache for a few seconds
            assert client.get(path).status_code == 200


def test_far_pages_read_from_the_other_end_give_the_same_articles(client, now):
    column = a_minute_apart(now, 47, title="远页{:02}", slug="far")
    make_article(column, title="置顶远页", pinned=True, publish_at=now - timedelta(days=9))
    expected = ["置顶远页"] + [f"远页{n:02}" for n in range(47)]
    pages = [titles(client.get("/news/column/far/", {"page": page})) for page in (1, 2, 3)]
    assert sum(pages, []) == expected
    assert pages[2] == expected[40:]
