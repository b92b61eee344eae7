"""The article model: what is public, publish times to the minute, the sanitised body, covers
and their renditions, the image check, and an article's neighbours in its column."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from news.images import inspect_image
from news.models import Article
from tests.factories import image_file, make_article, make_column

pytestmark = pytest.mark.django_db

PUBLIC_RULE = [
    # an approved text online?, publish time relative to now, public?
    (True, timedelta(days=-1), True),
    (True, timedelta(minutes=-1), True),
    (True, timedelta(minutes=2), False),
    (True, timedelta(days=1), False),
    (False, timedelta(days=-1), False),
    (False, timedelta(days=1), False),
]


@pytest.mark.parametrize(("live", "offset", "public"), PUBLIC_RULE)
def test_published_is_an_approved_text_whose_time_has_come(now, live, offset, public):
    """Each workflow state × past/future is in test_workflow; this is the rule itself."""
    status = Article.Status.PUBLISHED if live else Article.Status.DRAFT
    article = make_article(status=status, publish_at=now + offset)
    assert (article in Article.objects.published()) is public
    assert article.is_published() is public


def test_scheduled_article_becomes_public_when_its_time_comes(now, settings):
    article = make_article(publish_at=now + timedelta(minutes=5))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(publish_at=now - timedelta(minutes=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publish_time_is_kept_to_the_minute(now):
    article = make_article(publish_at=now.replace(second=42, microsecond=123))
    article.refresh_from_db()
    assert (article.publish_at.second, article.publish_at.microsecond) == (0, 0)


def test_new_article_defaults_to_draft_with_town_as_source():
    article = Article.objects.create(column=make_column(), title="t", body="<p>b</p>")
    assert article.status == Article.Status.DRAFT
    assert article.source == "蔡桥镇人民政府"
    assert article.view_count == 0


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>hi<script>alert(1)</script></p>", "script"),
        ('<img src="/x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="JaVaScRiPt&colon;alert(1)">x</a>', "alert"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<p style="width: expression(alert(1))">x</p>', "style"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
        ("<svg><script>alert(1)</script></svg>", "svg"),
        ('<form action="/x"><input name="a"></form>', "form"),
        ("<!-- comment --><p>x</p>", "comment"),
    ],
)
def test_body_is_sanitised_before_it_is_stored(dirty, forbidden):
    article = make_article(body=dirty)
    stored = Article.objects.get(pk=article.pk).body
    assert forbidden not in stored.lower()


def test_sanitiser_keeps_the_editors_formatting():
    body = (
        "<h2>小标题</h2><p><strong>加粗</strong><em>斜体</em></p>"
        '<p><img alt="图" src="/media/uploads/a.png"></p>'
        '<table><tbody><tr><td colspan="2">表格</td></tr></tbody></table>'
        '<ul><li>一</li></ul><p><a href="https://example.gov.cn/">链接</a></p>'
    )
    stored = Article.objects.get(pk=make_article(body=body).pk).body
    for kept in ["<h2>小标题</h2>", "<strong>加粗</strong>", "<em>斜体</em>",
                 'src="/media/uploads/a.png"', 'colspan="2"', "<li>一</li>",
                 'href="https://example.gov.cn/"', 'rel="noopener noreferrer"']:  # fmt: skip
        assert kept in stored


def test_sanitiser_keeps_the_layout_classes_and_drops_every_other_class():
    body = (
        '<h2 class="text-center">标题</h2><p class="text-right MsoNormal">蔡桥镇人民政府</p>'
        '<figure class="image image-right big"><img alt="图" class="image-left x" src="/a.png">'
        "<figcaption>说明</figcaption></figure>"
        '<table><tbody><tr><td class="text-center">表</td></tr></tbody></table>'
        '<p class="image">段</p><strong class="text-center">粗</strong>'
    )
    stored = Article.objects.get(pk=make_article(body=body).pk).body
    for kept in ['<h2 class="text-center">', '<p class="text-right">',
                 '<figure class="image image-right">', 'class="image-left"',
                 '<td class="text-center">', "<figcaption>说明</figcaption>"]:  # fmt: skip
        assert kept in stored
    for dropped in ["MsoNormal", "big", " x", '<p class="image">', "<strong class"]:
        assert dropped not in stored


def test_cover_gets_a_960x540_jpeg_rendition_and_pages_never_use_the_original():
    article = make_article(cover=image_file(size=(1600, 1200)))
    assert article.cover_rendition.name.startswith("covers/display/")
    assert article.cover_rendition.name != article.cover.name
    with Image.open(article.cover_rendition.path) as rendition:
        assert (rendition.format, rendition.size) == ("JPEG", (960, 540))


def test_cover_original_is_stored_under_a_random_name_with_its_real_format():
    article = make_article(cover=image_file(name="../../我的照片.jpg", image_format="PNG"))
    assert article.cover.name.startswith("covers/originals/")
    assert article.cover.name.endswith(".png")
    assert "照片" not in article.cover.name


def test_replacing_the_cover_renews_the_rendition_and_removing_it_clears_it():
    article = make_article(cover=image_file(colour=(200, 0, 0)))
    first = article.cover_rendition.name
    article.title = "只改标题"
    article.save()
    assert article.cover_rendition.name == first
    article.cover = image_file(colour=(0, 0, 200))
    article.save()
    assert article.cover_rendition.name != first
    article.cover = ""
    article.save()
    assert not Article.objects.get(pk=article.pk).cover_rendition


def test_image_check_refuses_what_is_not_an_image():
    with pytest.raises(ValidationError, match="JPG、PNG"):
        inspect_image(ContentFile(b"<html><script>x</script></html>", name="a.jpg"))


def test_image_check_refuses_too_many_pixels_before_decoding(settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100
    with pytest.raises(ValidationError, match="尺寸过大"):
        inspect_image(image_file(size=(200, 200)))


def test_image_check_refuses_formats_the_site_does_not_show():
    with pytest.raises(ValidationError, match="不支持 BMP"):
        inspect_image(image_file(name="a.bmp", image_format="BMP"))


def neighbours(article):
    annotated = Article.objects.with_neighbours().get(pk=article.pk)
    return tuple(other.pk if other else None for other in annotated.neighbours())


def test_neighbours_are_the_nearest_published_articles_of_the_same_column(now):
    column = make_column()
    older = make_article(column, publish_at=now - timedelta(days=3))
    make_article(column, publish_at=now - timedelta(days=2), status=Article.Status.DRAFT)
    current = make_article(column, publish_at=now - timedelta(days=2))
    make_article(make_column(), publish_at=now - timedelta(days=1))  # another column
    make_article(column, publish_at=now + timedelta(days=1))  # scheduled, not yet public
    newer = make_article(column, publish_at=now - timedelta(hours=1))
    assert neighbours(current) == (older.pk, newer.pk)
    assert neighbours(older) == (None, current.pk)
    assert neighbours(newer) == (current.pk, None)


def test_neighbours_of_articles_published_in_the_same_minute_follow_their_ids(now):
    column = make_column()
    first, second = (make_article(column, publish_at=now - timedelta(hours=1)) for _ in range(2))
    assert neighbours(first) == (None, second.pk)
    assert neighbours(second) == (first.pk, None)
