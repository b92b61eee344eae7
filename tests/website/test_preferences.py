"""适老化 switches: text size (标准 / 大 / 特大) and high contrast on every page, chosen by plain
links (no JavaScript), remembered in cookies across pages, written into cached pages without
rendering them again per reader."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PHONE_BROWSER, browser, make_article

pytestmark = pytest.mark.django_db


def html_classes(response):
    return re.search(r'<html lang="[^"]+" class="([^"]*)"', response.content.decode()).group(1)


@pytest.mark.parametrize("path", ["/", "/news/", "/search/?q=x", "/zh-hant/", "/nope/"])
def test_every_page_has_the_switches_as_plain_links(path):
    html = Client(HTTP_USER_AGENT=PHONE_BROWSER).get(path).content.decode()
    for query in ["size=standard", "size=large", "size=xlarge", "contrast=on", "contrast=off"]:
        assert re.search(rf'href="/preferences/\?{query}&amp;next=[^"]+"', html), (path, query)
    assert "<script" not in html


def test_a_choice_is_remembered_across_pages_and_brings_the_reader_back():
    article = make_article()
    reader = Client(HTTP_USER_AGENT=PHONE_BROWSER)
    assert html_classes(reader.get("/")) == "size-standard"
    back = reader.get("/preferences/", {"size": "xlarge", "next": article.get_absolute_url()})
    assert (back.status_code, back["Location"]) == (302, article.get_absolute_url())
    assert html_classes(reader.get(article.get_absolute_url())) == "size-xlarge"
    reader.get("/preferences/", {"contrast": "on", "next": "/"})
    assert html_classes(reader.get("/news/")) == "size-xlarge contrast"
    reader.get("/preferences/", {"contrast": "off", "next": "/"})
    assert html_classes(reader.get("/news/")) == "size-xlarge"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_the_way_back_never_leaves_the_site(target):
    response = Client().get("/preferences/", {"size": "large", "next": target})
    assert response["Location"] == "/"


def test_unknown_values_change_nothing():
    reader = Client(HTTP_USER_AGENT=PHONE_BROWSER)
    reader.get("/preferences/", {"size": "huge", "contrast": "maybe"})
    reader.cookies["cq_size"] = "<script>"
    assert html_classes(reader.get("/")) == "size-standard"


def test_one_cached_article_page_serves_every_size():
    """Readers of three sizes: the page is rendered once (then only the count is read), and
    each gets their own classes."""
    article = make_article()
    Client().get("/")
    sizes = {}
    for size in ["standard", "large", "xlarge"]:
        reader = browser()
        reader.cookies["cq_size"] = size
        with CaptureQueriesContext(connection) as captured:
            sizes[size] = reader.get(article.get_absolute_url())
        selects = [q for q in captured if q["sql"].startswith('SELECT "news_article"."id"')]
        assert bool(selects) == (size == "standard"), size  # rendered once, for the first
    assert [html_classes(r) for r in sizes.values()] == ["size-standard", "size-large",
                                                         "size-xlarge"]  # fmt: skip


def test_an_article_text_that_names_the_slot_is_left_alone():
    article = make_article(title="cq-preferences-slot 不是占位符")
    html = browser().get(article.get_absolute_url()).content.decode()
    assert "cq-preferences-slot 不是占位符" in html
