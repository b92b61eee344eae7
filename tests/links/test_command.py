"""`manage.py check_links`: what it prints."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from links.models import CheckedLink


def check_links(*args):
    output = StringIO()
    call_command("check_links", *args, stdout=output)
    return output.getvalue()


def test_check_links_prints_the_counts_and_each_broken_link(outside_site, article_linking):
    article = article_linking(outside_site.url("/ok"), outside_site.url("/missing"), "/no-page/",
                              title="镇政府通知")  # fmt: skip
    printed = check_links()
    assert "检查了 1 篇公开文章：站内地址 1 个，站外地址 2 个。" in printed
    assert (
        f"失效：{article.pk}《镇政府通知》链接 {outside_site.url('/missing')} — HTTP 404" in printed
    )
    assert "失效 2 个（本次新发现 2 个），已修复 0 个。" in printed


def test_check_links_internal_only_asks_no_other_site(outside_site, article_linking):
    article_linking(outside_site.url("/ok"), "/news/")
    printed = check_links("--internal-only")
    assert outside_site.requests == []
    assert "站内地址 1 个，站外地址 0 个" in printed
    assert CheckedLink.objects.get(where="external").checked_at is None


def test_check_links_of_one_article(outside_site, article_linking):
    article_linking(outside_site.url("/ok"))
    chosen = article_linking(outside_site.url("/missing"))
    check_links("--article", str(chosen.pk))
    assert outside_site.paths() == ["/missing"]


def test_check_links_refuses_a_site_address_the_site_does_not_answer_to(db, settings):
    settings.SITE_URL = "https://www.caiqiao.example"
    with pytest.raises(CommandError, match="ALLOWED_HOSTS"):
        check_links()
