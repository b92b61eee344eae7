"""gzip for what the site writes (core.compression): pages, feeds and JSON go out compressed to
a browser that accepts it, and decompress to the very page sent plain; streamed files and the
admin go out as they are."""

import gzip

import pytest
from django.test import Client

from tests.factories import as_user, image_file, make_article, make_column

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    # A column of 政府信息公开, so that its articles are in /feed/disclosure.json too.
    column = make_column(name="政策文件", slug="zcwj", requires_disclosure=True)
    body = "<p>" + "蔡桥镇持续推进乡村振兴，各村因地制宜发展特色产业。" * 20 + "</p>"
    return [make_article(column, title=f"乡村振兴{n}", body=body) for n in range(3)]


def plain_and_gzipped(path):
    """The same answer twice: asked plainly, and by a browser that accepts gzip. The test
    client sends no User-Agent, so an article page counts neither time and both show one
    number."""
    client = Client()
    return client.get(path), client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")


@pytest.mark.parametrize(
    "where, content_type",
    [
        ("article", "text/html"),
        ("/", "text/html"),
        ("/news/", "text/html"),
        ("/feed/", "application/xml"),
        ("/feed/disclosure.json", "application/json"),
    ],
)
def test_pages_feeds_and_json_go_out_gzipped_and_decompress_to_the_same(
    articles, where, content_type
):
    path = articles[1].get_absolute_url() if where == "article" else where
    plain, compressed = plain_and_gzipped(path)
    assert compressed.status_code == plain.status_code == 200
    assert compressed["Content-Type"].startswith(content_type)
    assert compressed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content)
    # A cache between the site and a reader keeps the two apart.
    for response in (plain, compressed):
        assert "accept-encoding" in response["Vary"].lower()


def test_a_streamed_file_and_the_admin_go_out_uncompressed(settings, superuser):
    """Uploads and attachments are streamed files (already compressed, or downloads whose
    length the browser shows); the admin's pages carry CSRF tokens (BREACH)."""
    settings.SERVE_MEDIA = True
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads/notes.txt").write_text("蔡桥镇" * 500)
    (settings.MEDIA_ROOT / "uploads/a.png").write_bytes(image_file(size=(100, 100)).read())
    client = as_user(Client(), superuser)
    for path in ["/media/uploads/notes.txt", "/media/uploads/a.png", "/admin/"]:
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, path
        assert "Content-Encoding" not in response, path


def test_the_readers_text_size_is_written_in_before_the_page_is_compressed(articles):
    """gzip comes after every middleware that rewrites the page (website.preferences)."""
    client = Client()
    client.cookies["cq_size"] = "xlarge"
    response = client.get(articles[0].get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    html = gzip.decompress(response.content).decode()
    assert "size-xlarge" in html and "cq-preferences-slot" not in html
