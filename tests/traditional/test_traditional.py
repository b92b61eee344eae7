"""简/繁: every public page under /zh-hant/ in Traditional characters converted on the server
(OpenCC), the same article counted once whichever script it is read in, converted pages cached
like the Simplified ones, a link to the same page in the other script, and Simplified where it
always was."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PHONE_BROWSER, browser, make_article, make_column, shown_count
from traditional.convert import to_simplified, to_traditional

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("蔡桥镇人民政府", "蔡橋鎮人民政府"),
        ("发展", "發展"),
        ("乡村振兴", "鄉村振興"),
        ("头发", "頭髮"),  # the same 发, by phrase
        ("干部参加会议", "幹部參加會議"),
        ("视频会议", "視頻會議"),  # wording kept (s2twp would write 影片會議)
        ("吃饭", "吃飯"),
        ("浏览次数：12 2026-12-01 (pdf) /news/5/", "瀏覽次數：12 2026-12-01 (pdf) /news/5/"),
    ],
)
def test_known_sentences_convert_to_the_right_characters(simplified, traditional):
    assert to_traditional(simplified) == traditional
    assert to_simplified(traditional) == simplified


def test_the_conversion_leaves_no_pinyin_noise():
    text = to_traditional("时间：蔡桥镇（2023年）召开会议")
    assert not re.search(r"[\u0100-\u024f\u1e00-\u1eff]", text)  # no tone-marked Latin
    assert text == "時間：蔡橋鎮（2023年）召開會議"


def page(path, client=None):
    response = (client or Client(HTTP_USER_AGENT=PHONE_BROWSER)).get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_traditional_home_page_is_in_traditional_characters():
    make_column(name="工作动态", slug="gzdt")
    make_article(make_column(name="通知公告", slug="tzgg"), title="关于乡村振兴的通知")
    html = page("/zh-hant/")
    assert '<html lang="zh-Hant"' in html
    assert "蔡橋鎮人民政府" in html and "關於鄉村振興的通知" in html and "通知公告" in html
    assert "蔡桥镇" not in html and "关于" not in html
    assert 'href="/zh-hant/news/column/tzgg/"' in html  # links stay in the script


def test_every_public_page_has_a_link_to_the_same_page_in_the_other_script():
    article = make_article(title="发展")
    for simplified in ["/", "/news/", article.column.get_absolute_url(), article.get_absolute_url(),
                       "/search/?q=%E5%8F%91%E5%B1%95"]:  # fmt: skip
        traditional = "/zh-hant" + simplified
        html = page(simplified)
        assert f'href="{traditional.replace("&", "&amp;")}"' in html and "&#32321;&#39636;" in html
        html = page(traditional)
        assert f'href="{simplified.replace("&", "&amp;")}"' in html and "&#31616;&#20307;" in html


def test_an_article_is_counted_once_whichever_script_it_is_read_in():
    article = make_article(title="蔡桥镇召开会议")
    assert shown_count(browser().get(article.get_absolute_url())) == 1
    traditional = browser().get("/zh-hant" + article.get_absolute_url())
    assert "蔡橋鎮召開會議" in traditional.content.decode()
    assert shown_count(traditional) == 2
    article.refresh_from_db()
    assert article.view_count == 2


def test_a_traditional_article_page_is_rendered_once_and_then_served_from_the_cache():
    """The second reader costs only the count: the converted page came from the cache."""
    article = make_article(title="发展")
    Client().get("/zh-hant/")  # the navigation
    first = browser().get("/zh-hant" + article.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        second = browser().get("/zh-hant" + article.get_absolute_url())
    statements = [q["sql"] for q in captured
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "PREPARE"))]  # fmt: skip
    assert len(statements) == (1 if connection.vendor == "postgresql" else 2), statements
    assert "發展" in second.content.decode()
    assert first.content.decode().replace('view-count">1<', "") == second.content.decode().replace(
        'view-count">2<', ""
    )


def test_lists_are_cached_converted(django_assert_num_queries):
    make_article(title="发展")
    page("/zh-hant/news/")
    with django_assert_num_queries(0):
        assert "發展" in page("/zh-hant/news/")


def test_searching_in_traditional_finds_the_simplified_text():
    make_article(title="蔡桥镇乡村振兴")
    html = page("/zh-hant/search/?q=%E9%84%89%E6%9D%91")  # 鄉村
    assert "蔡橋鎮<mark>鄉村</mark>振興" in html


def test_the_simplified_addresses_stay_and_the_admin_stays_simplified(superuser):
    article = make_article(title="发展")
    assert '<html lang="zh-Hans"' in page(article.get_absolute_url())
    admin = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,zh-TW;q=0.8")
    admin.force_login(superuser)
    html = admin.get("/admin/").content.decode()
    assert "内容管理" in html and "Site administration" not in html
    assert Client().get("/zh-hant/admin/").status_code == 404
    assert Client().get("/zh-hans/news/").status_code == 404


def test_the_404_page_of_the_traditional_site_is_traditional():
    response = Client(HTTP_USER_AGENT=PHONE_BROWSER).get("/zh-hant/news/99999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "頁面不存在" in html and '<html lang="zh-Hant"' in html
