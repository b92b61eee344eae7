"""What an article page carries beyond its text: tap-to-call phone numbers, 打印本页 with a print
stylesheet, related articles of its column, and a QR code of its address drawn on the server."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.test import Client

from news import services
from news.models import Article
from news.sanitize import link_phone_numbers
from tests.factories import PHONE_BROWSER, make_article, make_column

pytestmark = pytest.mark.django_db


def page(article):
    return Client(HTTP_USER_AGENT=PHONE_BROWSER).get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("text", "tel"),
    [
        ("联系电话：0739-1234567。", "tel:07391234567"),
        ("手机13812345678", "tel:13812345678"),
        ("请拨打 138 1234 5678 咨询", "tel:13812345678"),
        ("（0739）1234567", "tel:07391234567"),
    ],
)
def test_phone_numbers_in_the_body_are_tap_to_call(text, tel):
    html = link_phone_numbers(f"<p>{text}</p>")
    assert f'<a href="{tel}">' in html


@pytest.mark.parametrize(
    "text", ["编号20231380000000", "2026年12月1日", "身份证430523199001011234"]
)
def test_other_numbers_are_left_alone(text):
    assert link_phone_numbers(f"<p>{text}</p>") == f"<p>{text}</p>"


def test_a_number_already_linked_is_not_linked_again():
    html = '<p><a href="https://x.cn/">0739-1234567</a> 或 0739-7654321</p>'
    assert link_phone_numbers(html).count("<a ") == 2


def test_the_article_page_links_its_phone_numbers_and_stores_the_text_as_written():
    article = make_article(body="<p>咨询电话：0739-1234567</p>")
    assert '<a href="tel:07391234567">0739-1234567</a>' in page(article)
    article.refresh_from_db()
    assert "tel:" not in article.body


def test_print_button_stylesheet_and_printed_address(settings):
    article = make_article()
    html = page(article)
    assert "data-print hidden>打印本页</button>" in html  # shown by print.js where scripts run
    assert re.search(r'<link rel="stylesheet" href="/static/news/css/print\.css" media="print">',
                     html)  # fmt: skip
    assert f"本文网址：{settings.SITE_URL}{article.get_absolute_url()}" in html
    css = Path(finders.find("news/css/print.css")).read_text()
    assert ".site-header" in css and ".site-footer" in css and "display: none" in css


def test_related_articles_are_the_newest_of_the_same_column(now):
    column, other = make_column(), make_column()
    olds = [make_article(column, title=f"同栏目{n}") for n in range(7)]
    make_article(other, title="别的栏目")
    html = page(olds[0])
    related = html[html.index('class="related"') :]
    titles = re.findall(r'class="card__title" href="[^"]+">(?:<span[^>]*>[^<]*</span>)?([^<]+)</a>',
                        related)  # fmt: skip
    assert len(titles) == 5 and "同栏目0" not in titles and "别的栏目" not in titles


def test_the_share_qr_code_is_an_inline_svg_of_the_pages_address(settings):
    import segno

    article = make_article()
    html = page(article)
    svg = re.search(r'<figure class="share-qr">(<svg .*?</svg>)', html, re.S).group(1)
    assert 'role="img"' in svg and "aria-label=" in svg
    expected = segno.make(settings.SITE_URL + article.get_absolute_url(), error="m")
    assert svg.split(">", 1)[1] == expected.svg_inline(scale=3, border=2, dark="#000",
                                                        light="#fff").split(">", 1)[1]  # fmt: skip


def test_an_interpretation_and_its_policy_link_to_each_other_once_both_are_public(people):
    policy = make_article(
        make_column(name="政策文件", slug="zcwj"), title="关于耕地地力保护补贴的通知"
    )
    explainer = make_article(make_column(name="政策解读", slug="zcjd"), title="一图读懂耕地补贴",
                             interprets=policy)  # fmt: skip
    policy_page, explainer_page = page(policy), page(explainer)
    assert "相关解读：" in policy_page and explainer.get_absolute_url() in policy_page
    assert "本文解读：" in explainer_page and policy.get_absolute_url() in explainer_page
    draft = make_article(title="草稿解读", status=Article.Status.DRAFT, interprets=policy)
    assert draft.get_absolute_url() not in page(policy)  # only public interpretations
    services.article_withdraw(article=policy, by=people["site_admin"], reason="已废止")
    caches["pages"].clear()  # a rendered page keeps its links up to a minute, as 上一篇/下一篇
    assert "本文解读：" not in page(explainer)
