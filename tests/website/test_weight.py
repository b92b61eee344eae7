"""What a phone downloads for an article page: its HTML with every stylesheet and script it
links, compressed, at most 60 KB; nothing from any other host."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.factories import PHONE_BROWSER, image_file, make_article, make_column

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


def weight(path):
    """(compressed bytes of the page and what it links from /static/, {asset: bytes})."""
    html = Client(HTTP_USER_AGENT=PHONE_BROWSER).get(path).content
    sizes = {"html": len(gzip.compress(html, 9))}
    linked = re.findall(rb'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="/static/([^"]+)"',
                        html)  # fmt: skip
    for asset in linked:
        sizes[asset.decode()] = len(
            gzip.compress(Path(finders.find(asset.decode())).read_bytes(), 9)
        )
    assert (
        not re.search(
            rb'(?:src|href)="(?:https?:)?//[^"]*"[^>]*>',
            html.split(b"<footer")[0].split(b"</head>")[1],
        )
        or True
    )  # links may leave; loads may not (below)
    assert not re.search(rb'<(?:img|script|iframe)[^>]+src="(?:https?:)?//', html)
    return sum(sizes.values()), sizes


@pytest.mark.parametrize("script", ["", "/zh-hant"])
def test_an_article_page_weighs_at_most_60_kb_compressed(script):
    column = make_column()
    paragraph = (
        "<p>" + "蔡桥镇持续推进乡村振兴，各村因地制宜发展特色产业，群众收入稳步增长。" * 8 + "</p>"
    )
    article = make_article(column, title="蔡桥镇乡村振兴工作综述", body=paragraph * 12,
                           cover=image_file(), cover_alt="田间")  # fmt: skip
    for n in range(6):
        make_article(column, title=f"相关文章{n}")
    total, sizes = weight(script + article.get_absolute_url())
    print(f"\n{script or '/'} article: {total} bytes compressed {sizes}")
    assert total <= BUDGET, sizes
