"""RSS, sitemap.xml, robots.txt and the tags other sites read (canonical, description, Open
Graph): public articles only (published()), and titles always text."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client

from news.models import Article, SiteSettings
from tests.factories import PHONE_BROWSER, make_article, make_column

pytestmark = pytest.mark.django_db

HOSTILE = '"><svg onload=alert(1)>'
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def articles(now):
    column = make_column(name="通知公告", slug="tzgg")
    other = make_column(name="工作动态", slug="gzdt")
    return {
        "public": make_article(column, title=f"关于防汛的通知{HOSTILE}", summary="摘要<b>加粗</b>"),
        "other": make_article(other, title="工作动态一则"),
        "draft": make_article(column, status=Article.Status.DRAFT, title="草稿不公开"),
        "scheduled": make_article(column, title="明天才公开", publish_at=now + timedelta(days=1)),
    }


def get(path):
    response = Client(HTTP_USER_AGENT=PHONE_BROWSER).get(path)
    assert response.status_code == 200, path
    return response


def test_the_feed_lists_public_articles_newest_first_with_titles_as_text(articles):
    response = get("/feed/")
    # application/xml, which browsers show through the stylesheet (rss+xml they show raw).
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert b'<?xml-stylesheet href="/static/website/feed.xsl" media="screen" type="text/xsl"?>' in (
        response.content
    )
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [articles["other"].title, articles["public"].title]  # same time: newer id
    assert b"<svg" not in response.content  # escaped in the XML, text once parsed
    links = [item.findtext("link") for item in channel.findall("item")]
    assert all(link.startswith("http") for link in links)


def test_each_column_has_its_feed(articles):
    channel = ET.fromstring(get("/feed/tzgg/").content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == [
        articles["public"].title]  # fmt: skip
    assert channel.findtext("title").startswith("通知公告")
    assert Client().get("/feed/no-such-column/").status_code == 404


XHTML = "{http://www.w3.org/1999/xhtml}"


def test_the_sitemap_lists_articles_and_the_sites_pages_and_columns_in_both_scripts(articles):
    root = ET.fromstring(get("/sitemap.xml").content)
    urls = {url.findtext(f"{SITEMAP}loc").split("testserver", 1)[1]: url
            for url in root.findall(f"{SITEMAP}url")}  # fmt: skip
    pages = ["/", "/news/", "/sitemap/", "/news/column/tzgg/", "/news/column/gzdt/"]
    assert set(urls) == {articles["public"].get_absolute_url(),
                         articles["other"].get_absolute_url(),
                         *pages, *(f"/zh-hant{page}" for page in pages)}  # fmt: skip
    for page in pages:
        for loc in [page, f"/zh-hant{page}"]:
            alternates = {link.get("hreflang"): link.get("href").split("testserver", 1)[1]
                          for link in urls[loc].findall(f"{XHTML}link")}  # fmt: skip
            assert alternates == {"zh-Hans": page, "zh-Hant": f"/zh-hant{page}"}, loc
    assert all(url.findtext(f"{SITEMAP}lastmod") for path, url in urls.items()
               if path.startswith(("/news/column/", "/news/1")))  # fmt: skip


def test_a_column_page_names_its_own_feed_and_the_traditional_feed_is_in_traditional(articles):
    html = get("/news/column/tzgg/").content.decode()
    assert 'type="application/rss+xml" title="通知公告 - ' in html
    assert 'href="/feed/tzgg/">' in html
    assert '<a href="/feed/tzgg/">RSS 订阅（通知公告）</a>' in html
    assert 'type="application/rss+xml" title="' in get("/news/").content.decode()
    assert 'href="/feed/">' in get("/news/").content.decode()
    traditional = get("/zh-hant/news/column/tzgg/").content.decode()
    assert 'href="/zh-hant/feed/tzgg/">' in traditional
    channel = ET.fromstring(get("/zh-hant/feed/tzgg/").content).find("channel")
    assert channel.findtext("title").startswith("通知公告")  # the same in both scripts
    item = channel.find("item")
    assert item.findtext("title") == "關於防汛的通知" + HOSTILE
    assert item.findtext("link").endswith(f"/zh-hant{articles['public'].get_absolute_url()}")
    assert channel.findtext("link").endswith("/zh-hant/news/column/tzgg/")


@pytest.mark.parametrize("path", ["/no-such-page/", "/news/999999/", "/zh-hant/news/999999/"])
def test_a_missing_page_names_no_canonical_or_alternate_address(db, path):
    response = Client().get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'rel="canonical"' not in html and "hreflang=" not in html.split("</head>")[0]


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(settings):
    text = get("/robots.txt").content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_the_article_page_has_canonical_description_and_open_graph_tags_escaped(articles, settings):
    article = articles["public"]
    html = get(article.get_absolute_url()).content.decode()
    url = settings.SITE_URL + article.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'content="关于防汛的通知&quot;&gt;&lt;svg onload=alert(1)&gt;"' in html
    assert '<meta name="description" content="摘要&lt;b&gt;加粗&lt;/b&gt;">' in html
    assert "<svg onload" not in html


@pytest.mark.parametrize("path", ["/", "/news/", "/search/?q=%E9%80%9A%E7%9F%A5"])
def test_a_hostile_title_stays_text_on_every_page(articles, path):
    assert "<svg onload" not in get(path).content.decode()


def test_after_renaming_the_site_the_feeds_and_new_articles_say_the_new_name(articles, people):
    """One site name, 站点设置's: pages, feeds, the disclosure data and a new article's 来源."""
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name": "蔡桥镇政府门户"})
    for path in ["/feed/", "/feed/tzgg/"]:
        channel = ET.fromstring(get(path).content).find("channel")
        assert "蔡桥镇政府门户" in channel.findtext("title"), path
        assert "蔡桥镇人民政府" not in channel.findtext("title") + channel.findtext("description")
    assert "蔡桥镇政府门户" in get("/").content.decode()
    assert json.loads(get("/feed/disclosure.json").content)["site"] == "蔡桥镇政府门户"
    assert Article(column=articles["public"].column, title="新稿").source == "蔡桥镇政府门户"
