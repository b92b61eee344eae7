"""The counting statement follows published() whatever shape it takes, or the site refuses to
start; the count reaches the cached page through its own slot; one page key per language."""

import pytest
from django.db.models import Q
from django.utils import timezone, translation

from news.models import Article, ArticleQuerySet
from readership import checks
from readership.counter import count_view, counting_statements
from readership.page_cache import CachedPage, page_key
from tests.factories import browser, make_article, make_column, shown_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_rule(monkeypatch):
    """Replace published() for one test (its statement is built anew, before and after)."""
    original = ArticleQuerySet.published

    def replace(rule):
        monkeypatch.setattr(ArticleQuerySet, "published", rule)
        counting_statements.cache_clear()

    yield original, replace
    monkeypatch.undo()
    counting_statements.cache_clear()


def view(article):
    """A new reader opens the article."""
    return browser().get(article.get_absolute_url())


def stored(article):
    article = Article.objects.get(pk=article.pk)
    return article.view_count, sum(article.daily_views.values_list("views", flat=True))


def test_a_published_rule_that_joins_the_column_still_counts_exactly(published_rule):
    """If public came to depend on the column (here: hidden columns hide their articles), the
    counter keeps to it: hidden articles are not counted, the others exactly once."""
    original, replace = published_rule
    replace(lambda self, now=None: original(self, now).filter(Q(column__visible=True)))
    shown = make_article(make_column(visible=True))
    hidden = make_article(make_column(visible=False))

    assert view(shown).status_code == 200
    assert view(hidden).status_code == 404
    assert stored(shown) == (1, 1)
    assert stored(hidden) == (0, 0)


def test_a_published_rule_the_counter_cannot_use_stops_the_site_at_start(published_rule):
    original, replace = published_rule
    replace(lambda self, now=None: self.filter(live_revision__isnull=False))
    errors = checks.counting_statement(None)
    assert [error.id for error in errors] == ["readership.E001"]
    assert "published()" in errors[0].msg


def test_the_start_up_check_passes_with_the_real_rule():
    assert checks.counting_statement(None) == []


def test_a_view_that_is_not_counted_reads_the_same_rule():
    article = make_article()
    assert count_view(article_id=article.pk, count=False)[0] == 0
    assert count_view(article_id=article.pk, count=True)[0] == 1


def test_the_count_fills_its_slot_and_nothing_else():
    """Two readers of one cached page see their own counts; the article's text around the
    slot is the same page."""
    article = make_article(title="浏览次数: 7 不是计数")
    first, second = view(article), view(article)
    assert [shown_count(first), shown_count(second)] == [1, 2]
    first, second = first.content.decode(), second.content.decode()
    assert first.replace('view-count">1<', "") == second.replace('view-count">2<', "")
    assert "浏览次数: 7 不是计数" in first


def test_a_rendering_without_the_slot_is_refused():
    with pytest.raises(ValueError):
        CachedPage(timezone.now(), "<p>浏览次数: 12</p>")


def test_each_language_has_its_own_cached_page():
    minute = "202611250930"
    simplified = page_key(1, language="zh-hans", minute=minute)
    traditional = page_key(1, language="zh-hant", minute=minute)
    assert simplified != traditional
    with translation.override("zh-hant"):
        assert page_key(1, minute=minute) == traditional
