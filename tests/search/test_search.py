"""站内搜索: public articles only, by substring (蔡桥 finds 蔡桥镇) in title, summary and body text
(never the HTML), title matches first, then newest; words marked in escaped snippets; wildcards
literal; short, long and odd queries answered correctly."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from news import services
from news.models import Article
from tests.factories import PHONE_BROWSER, build, edited, make_article, make_column

pytestmark = pytest.mark.django_db

URL = "/search/"


def search(query, client=None, **params):
    client = client or Client(HTTP_USER_AGENT=PHONE_BROWSER)
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return response


def found(response):
    """The titles found, in order, as shown (marks removed)."""
    html = response.content.decode()
    return [re.sub(r"</?mark>", "", t) for t in
            re.findall(r'class="card__title" href="[^"]+">(.*?)</a>', html)]  # fmt: skip


def test_a_word_finds_articles_containing_it_in_title_summary_or_body(now):
    column = make_column()
    in_title = make_article(column, title="蔡桥镇召开春耕生产会议")
    in_summary = make_article(column, title="会议纪要", summary="蔡桥镇各村代表参加")
    in_body = make_article(column, title="通知", body="<p>请蔡桥镇居民注意</p>")
    make_article(column, title="别的乡镇", body="<p>与此无关</p>")
    titles = found(search("蔡桥"))
    assert set(titles) == {in_title.title, in_summary.title, in_body.title}


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
def test_a_query_typed_in_traditional_finds_simplified_articles_on_either_site(prefix):
    """Articles are stored in Simplified: 會議 is searched for as 会议, also on the Simplified
    site, where readers with a Traditional keyboard type it."""
    article = make_article(title="蔡桥镇召开春耕生产会议")
    make_article(title="蔡桥镇春耕生产通知")
    response = Client(HTTP_USER_AGENT=PHONE_BROWSER).get(f"{prefix}{URL}", {"q": "會議"})
    assert found(response) == [article.title if not prefix else "蔡橋鎮召開春耕生產會議"]
    assert 'value="會議"' in response.content.decode()  # the query as the reader typed it


def test_only_public_articles_are_found(people, now):
    public = make_article(title="蔡桥镇公开文章")
    draft = make_article(status=Article.Status.DRAFT, title="蔡桥镇草稿")
    scheduled = make_article(title="蔡桥镇定时文章", publish_at=now + timedelta(days=1))
    withdrawn = build("withdrawn", people, now)
    withdrawn.title = "蔡桥镇已撤回"
    Article.objects.filter(pk=withdrawn.pk).update(title="蔡桥镇已撤回")
    assert found(search("蔡桥镇")) == [public.title]
    del draft, scheduled


def test_an_online_article_is_found_by_its_approved_text_not_a_pending_edit(people, now):
    article = build("published", people, now)
    services.article_save(article=edited(article, title="待审的新标题油菜"), by=people["author"])
    assert found(search("油菜")) == []
    assert found(search(article.title[:4])) == [article.title]


def test_the_html_of_the_body_is_not_searched():
    make_article(title="加粗的文章", body="<p><strong>重点</strong>内容</p>")
    assert found(search("strong")) == []
    assert found(search("重点内容")) == ["加粗的文章"]  # across the tag, as a reader sees it


def test_title_matches_come_first_then_the_newest(now):
    column = make_column()
    old_title = make_article(column, title="油菜花节（旧）", publish_at=now - timedelta(days=9))
    new_body = make_article(column, title="新闻", body="<p>油菜花节开幕</p>",
                            publish_at=now - timedelta(days=1))  # fmt: skip
    new_title = make_article(column, title="油菜花节（新）", publish_at=now - timedelta(days=2))
    assert found(search("油菜花")) == [new_title.title, old_title.title, new_body.title]


def test_every_word_must_appear(now):
    make_article(title="蔡桥镇油菜花节")
    make_article(title="蔡桥镇防汛")
    assert found(search("蔡桥  油菜")) == ["蔡桥镇油菜花节"]


def test_words_are_marked_in_an_escaped_title_and_snippet():
    body = "<p>" + "前文" * 80 + "蔡桥镇人民政府发布通知" + "后文" * 80 + "</p>"
    make_article(title='<b>蔡桥</b>"><svg onload=alert(1)>', body=body)
    html = search("蔡桥").content.decode()
    assert "<svg" not in html and "<b>" not in html
    assert "&lt;b&gt;<mark>蔡桥</mark>&lt;/b&gt;&quot;&gt;&lt;svg onload=alert(1)&gt;" in html
    snippet = re.search(r'class="card__summary">(.*?)</p>', html).group(1)
    assert "<mark>蔡桥</mark>镇人民政府发布通知" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


@pytest.mark.parametrize("query", ["%", "_", "\\", "50%", "a_b", "\\d"])
def test_wildcards_are_literal(query):
    make_article(title="完成率50%的项目", body="<p>a_b 与 \\d</p>")
    make_article(title="普通文章", body="<p>abb 与 d</p>")
    titles = found(search(query))
    assert "普通文章" not in titles
    assert titles == ["完成率50%的项目"]


def test_one_and_two_character_queries_are_answered_correctly():
    make_article(title="镇政府")
    make_article(title="村委会")
    assert found(search("镇")) == ["镇政府"]
    assert found(search("村委")) == ["村委会"]


def test_a_query_of_five_thousand_characters_gets_a_message_not_an_error():
    make_article(title="蔡桥镇")
    html = search("蔡" * 5000).content.decode()
    assert "搜索词太长" in html
    assert found(search("蔡" * 5000)) == []


def test_results_are_paged_and_the_pages_keep_the_query_and_column():
    column = make_column(slug="gzdt")
    for n in range(25):
        make_article(column, title=f"蔡桥新闻{n}")
    make_article(title="蔡桥其他栏目")
    first = search("蔡桥", column="gzdt")
    assert len(found(first)) == 20 and "蔡桥其他栏目" not in found(first)
    assert "?q=%E8%94%A1%E6%A1%A5&amp;column=gzdt&amp;page=2" in first.content.decode()
    second = search("蔡桥", column="gzdt", page="2")
    assert len(found(second)) == 5
    assert (
        Client(HTTP_USER_AGENT=PHONE_BROWSER).get(URL, {"q": "蔡桥", "page": "9"}).status_code
        == 404
    )


def test_an_unknown_column_searches_everywhere():
    make_article(title="蔡桥文章")
    assert found(search("蔡桥", column="no-such-column")) == ["蔡桥文章"]


def test_a_search_takes_the_same_queries_for_one_or_many_results():
    """Two counts, at most two reads of the page's articles, the columns of the filter."""
    column = make_column()
    make_article(column, title="蔡桥一")
    Client().get("/")  # the navigation, cached after

    def statements():
        with CaptureQueriesContext(connection) as captured:
            search("蔡桥")
        skipped = ("SAVEPOINT", "RELEASE", "SET LOCAL")
        return [q["sql"] for q in captured if not q["sql"].startswith(skipped)]

    one = statements()
    for n in range(30):
        make_article(column, title=f"蔡桥{n}")
    assert len(one) == len(statements()) <= 5, one


@pytest.mark.parametrize("path", ["/", "/news/", "/search/", "/no-such-page/"])
def test_every_page_has_the_search_box(path):
    html = Client(HTTP_USER_AGENT=PHONE_BROWSER).get(path).content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html and 'name="q"' in html


def test_a_search_that_runs_too_long_is_stopped_with_a_message(settings):
    """On PostgreSQL a statement timeout bounds every search; the reader is asked for a more
    specific word, and no worker is held."""
    if connection.vendor != "postgresql":
        pytest.skip("the time limit is PostgreSQL's statement_timeout")
    column = make_column()
    for n in range(60):
        make_article(
            column, title=f"长文{n}", body="<p>" + "乡村振兴工作稳步推进。" * 2000 + "</p>"
        )
    settings.SEARCH_TIMEOUT_MS = 1
    html = search("推进稳").content.decode()
    assert "这个词太常见" in html and found(search("推进稳")) == []
    settings.SEARCH_TIMEOUT_MS = 3000
    assert len(found(search("推进"))) == 20


@pytest.mark.django_db(transaction=True)
def test_the_search_time_limit_ends_with_the_search(settings):
    """SET LOCAL: the limit is the search transaction's, not the connection's; a plain SET would
    stay on the connection and stop the next request's statements (an export, an admin page)
    after SEARCH_TIMEOUT_MS. Transactional: inside a test's transaction the search's would not
    end."""
    if connection.vendor != "postgresql":
        pytest.skip("the time limit is PostgreSQL's statement_timeout")

    def timeout():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    default = timeout()
    settings.SEARCH_TIMEOUT_MS = 1234
    search("蔡桥")
    assert timeout() == default
