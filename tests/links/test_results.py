"""What is checked (the public text of public articles only) and how results change from run to
run: broken since, fixed at, the year's counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from links import checker
from links.models import CheckedLink
from news import services
from news.models import Article
from tests.factories import approve_all, build, edited, make_article


def _linking(url):
    return f'<p><a href="{url}">链接</a></p>'


@pytest.mark.parametrize("state", ["draft", "submitted_3", "scheduled", "returned", "withdrawn"])
def test_articles_that_are_not_public_are_not_checked(outside_site, people, now, state):
    article = build(state, people, now)
    Article.objects.filter(pk=article.pk).update(body=_linking(outside_site.url("/ok")))
    report = checker.run()
    assert report.articles == 0
    assert outside_site.requests == [] and not CheckedLink.objects.exists()


def test_a_public_article_is_checked(outside_site, people, now):
    article = build("published", people, now)
    Article.objects.filter(pk=article.pk).update(body=_linking(outside_site.url("/ok")))
    assert checker.run().articles == 1
    assert CheckedLink.objects.get().article == article


def test_the_public_text_is_checked_not_an_edit_waiting_for_review(outside_site, article_linking):
    article = article_linking(outside_site.url("/ok"))
    author = article.created_by
    waiting = edited(article, body=f'<p><a href="{outside_site.url("/missing")}">新</a></p>')
    services.article_save(article=waiting, by=author)
    services.article_submit(article=Article.objects.get(pk=article.pk), by=author)
    checker.run()
    assert list(CheckedLink.objects.values_list("url", flat=True)) == [outside_site.url("/ok")]


def test_a_broken_link_that_works_again_is_marked_fixed(outside_site, article_linking, now):
    article_linking(outside_site.url("/flip"))
    outside_site.answers["/flip"] = 404
    checker.run(now=now)
    checker.run(now=now + timedelta(days=1))
    link = CheckedLink.objects.get()
    assert (link.is_broken, link.first_broken_at, link.fixed_at) == (True, now, None)
    outside_site.answers["/flip"] = 200
    report = checker.run(now=now + timedelta(days=2))
    link.refresh_from_db()
    assert (link.is_broken, link.status_code, report.fixed) == (False, 200, 1)
    assert (link.first_broken_at, link.fixed_at) == (now, now + timedelta(days=2))
    checker.run(now=now + timedelta(days=3))  # still working: fixed once, at that time
    link.refresh_from_db()
    assert link.fixed_at == now + timedelta(days=2)
    assert link.checked_at == now + timedelta(days=3)


def test_a_broken_link_taken_out_of_the_article_counts_as_fixed(outside_site, people, now):
    article = make_article(
        by=people["author"], body=f'<p><a href="{outside_site.url("/missing")}">旧</a></p>'
    )
    checker.run(now=now)
    services.article_save(article=edited(article, body="<p>改好了。</p>"), by=people["author"])
    services.article_submit(article=Article.objects.get(pk=article.pk), by=people["author"])
    approve_all(article, people)
    later = timezone.now() + timedelta(minutes=1)
    report = checker.run(now=later)
    link = CheckedLink.objects.get()
    assert (link.on_page, link.fixed_at, report.fixed) == (False, later, 1)
    assert not CheckedLink.objects.broken().exists()


def test_the_year_counts_links_found_broken_and_fixed(outside_site, article_linking, now):
    article_linking(outside_site.url("/flip"), outside_site.url("/missing"))
    outside_site.answers["/flip"] = 500
    checker.run(now=now)
    outside_site.answers["/flip"] = 200
    checker.run(now=now + timedelta(hours=1))
    year = (now - timedelta(days=1), now + timedelta(days=1))
    assert CheckedLink.objects.found_broken_between(*year).count() == 2
    assert list(CheckedLink.objects.fixed_between(*year).values_list("url", flat=True)) == [
        outside_site.url("/flip")
    ]
    next_year = (now + timedelta(days=2), now + timedelta(days=3))
    assert not CheckedLink.objects.found_broken_between(*next_year).exists()


def test_broken_means_broken_now_in_a_public_article(outside_site, article_linking, people):
    article = article_linking(outside_site.url("/missing"))
    checker.run()
    assert CheckedLink.objects.broken().count() == 1
    services.article_withdraw(article=article, by=people["site_admin"], reason="过时")
    assert not CheckedLink.objects.broken().exists()  # also before the next run
