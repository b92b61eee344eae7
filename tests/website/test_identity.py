"""The site's identity, entered in 站点设置 and shown on every page: name and logo in the header
with today's date, 主办/承办, address, phone, e-mail, 网站标识码 and the filing numbers (linked
to their official lookups) and 我为政府网站找错 in the footer; the 网站地图 page; the favicon."""

import re

import pytest
from django.test import Client

from news.models import SiteSettings
from tests.factories import (
    PHONE_BROWSER,
    as_user,
    image_file,
    make_article,
    make_column,
    site_settings_form_data,
)

pytestmark = pytest.mark.django_db

IDENTITY = {
    "site_name": "蔡桥镇人民政府门户网站",
    "host_organization": "蔡桥镇人民政府",
    "organizer": "蔡桥镇党政综合办公室",
    "address": "湖南省某县蔡桥镇人民路1号",
    "postcode": "422000",
    "phone": "0739-1234567",
    "email": "zfb@caiqiao.gov.cn",
    "site_code": "4305230001",
    "icp_number": "湘ICP备12345678号",
    "police_number": "湘公网安备 43052302000123号",
}


def page(path="/"):
    return Client(HTTP_USER_AGENT=PHONE_BROWSER).get(path).content.decode()


def enter_identity(client, site_admin, **extra):
    data = site_settings_form_data(**IDENTITY, **extra)
    response = as_user(client, site_admin).post("/admin/news/sitesettings/1/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_what_the_site_admin_enters_is_in_every_footer_at_once(client, people):
    article = make_article()
    for path in ["/", article.get_absolute_url()]:  # cached before the change
        page(path)
    enter_identity(client, people["site_admin"])
    for path in ["/news/", "/zh-hant/news/", "/search/?q=x", "/no-such-page/"]:
        html = page(path)
        footer = html[html.index('<footer class="site-footer">') :]
        for value in ["蔡桥镇党政综合办公室", "湖南省某县蔡桥镇人民路1号", "422000", "4305230001",
                      "43052302000123"]:  # fmt: skip
            assert value in footer or path.startswith("/zh-hant"), (path, value)
        assert 'href="tel:07391234567"' in footer
        assert 'href="mailto:zfb@caiqiao.gov.cn"' in footer
        assert 'href="https://beian.miit.gov.cn/"' in footer
        assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=43052302000123"' in footer
        assert "我为政府网站找错" in footer or "我為政府網站找錯" in footer
        assert "网站地图" in footer or "網站地圖" in footer


def test_the_header_carries_name_logo_date_and_search(client, people, now):
    enter_identity(client, people["site_admin"], logo=image_file("国徽.png", size=(240, 240)))
    row = SiteSettings.load()
    assert re.fullmatch(r"site/[0-9a-f]{32}_240x240\.png", row.logo.name)  # re-encoded
    html = page("/")
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert "蔡桥镇人民政府门户网站" in header and f'src="/media/{row.logo.name}"' in header
    assert f"{now.astimezone().year}年" in header and "星期" in header
    assert 'role="search"' in header
    assert "<title>蔡桥镇人民政府门户网站</title>" in html


def test_an_empty_identity_shows_the_site_name_and_nothing_broken():
    html = page("/")
    footer = html[html.index('<footer class="site-footer">') :]
    assert "主办单位：蔡桥镇人民政府" in footer
    assert "tel:" not in footer and "ICP" not in footer


def test_the_site_map_lists_every_column():
    make_column(name="镇情概况", slug="zqgk")
    make_column(name="通知公告", slug="tzgg", description="镇政府发布的通知")
    html = page("/sitemap/")
    assert '<h1 class="page-title">网站地图</h1>' in html
    assert 'href="/news/column/zqgk/"' in html and 'href="/news/column/tzgg/"' in html
    assert "镇政府发布的通知" in html
    assert 'href="/zh-hant/news/column/zqgk/"' in page("/zh-hant/sitemap/")


def test_the_favicon_is_the_sites_own():
    html = page("/")
    assert re.search(r'<link rel="icon" href="/static/website/favicon\.png"', html)
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/website/favicon.png"


def test_labels_use_full_width_colons():
    article = make_article(source="蔡桥镇武装部", author_name="王丽", editor_name="陈刚")
    html = page(article.get_absolute_url())
    for label in [
        "浏览次数：",
        "来源：蔡桥镇武装部",
        "作者：王丽",
        "责任编辑：陈刚",
        "上一篇：",
        "下一篇：",
    ]:
        assert label in html, label
    assert not re.search(r"(浏览次数|来源|作者|责任编辑|上一篇|下一篇): ", html)


@pytest.mark.parametrize(
    "change",
    [
        lambda: SiteSettings.objects.update_or_create(pk=1, defaults={"organizer": "新承办单位"}),
        lambda: SiteSettings.objects.filter(pk=1).update(organizer="新承办单位"),
    ],
    ids=["saved", "updated in bulk"],
)
def test_the_footer_follows_site_settings_however_they_are_saved(change):
    """Not only the admin's save: a shell, a command or a migration changing 站点设置 reaches
    every footer at once (the model empties its cache: news.models.site_settings)."""
    SiteSettings.load()
    # Search pages are not kept in the page cache: only the identity's cache is asked.
    assert "新承办单位" not in page("/search/?q=一")  # the identity is cached now
    change()
    assert "新承办单位" in page("/search/?q=二")


def test_the_site_code_must_be_ten_digits_and_the_form_keeps_what_was_typed(client, people):
    data = site_settings_form_data(**{**IDENTITY, "site_code": "43052300"})
    response = as_user(client, people["site_admin"]).post(
        "/admin/news/sitesettings/1/change/", data
    )
    html = response.content.decode()
    assert response.status_code == 200 and "网站标识码是 10 位数字" in html
    assert 'value="蔡桥镇党政综合办公室"' in html  # nothing typed lost
    assert SiteSettings.load().site_code == ""


def test_the_sponsor_mark_and_the_police_icon_are_in_every_footer_once_entered(client, people):
    assert "党政机关网站开办者标识" not in page("/news/")
    enter_identity(client, people["site_admin"], sponsor_mark=image_file("标识.png"),
                   police_icon=image_file("备案图标.png", size=(40, 40)),
                   sponsor_mark_link="https://bszs.conac.cn/sitename?method=show&id=1")  # fmt: skip
    footer = page("/search/?q=x")
    footer = footer[footer.index('<footer class="site-footer">') :]
    assert 'alt="党政机关网站开办者标识"' in footer
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=1"' in footer
    assert SiteSettings.load().sponsor_mark.name.startswith("site/")
    police = footer[footer.index('href="https://beian.mps.gov.cn/') :]
    assert police.index('class="police-icon"') < police.index("湘公网安备")


def test_the_navigation_leads_to_the_residents_side(client):
    nav = page("/news/")
    nav = nav[nav.index('class="site-nav"') : nav.index("</nav>")]
    assert 'href="/hudong/">互动交流</a>' in nav
