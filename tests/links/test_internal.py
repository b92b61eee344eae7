"""This site's own addresses, checked in this process: SITE_URL is a port nothing listens on
(conftest), so an internal link that went over the network would come back broken."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from attachments.models import Attachment
from links import checker
from links.models import CheckedLink
from news import images, services
from news.models import Article
from tests.factories import image_file, make_article, make_column, make_user


def status_of(url, settings, **filters):
    link = CheckedLink.objects.get(url=settings.SITE_URL + url, **filters)
    assert link.where == "internal"
    return link.status_code, link.is_broken


def test_internal_links_are_answered_by_the_site_itself(article_linking, settings):
    column = make_column(slug="notices")
    public = make_article(column=column)
    draft = make_article(status=Article.Status.DRAFT)
    article_linking(f"/news/{public.pk}/", f"/news/{draft.pk}/", "/news/column/notices/",
                    "/no-such-page/", f"{settings.SITE_URL}/news/",
                    f"/zh-hant/news/{public.pk}/")  # fmt: skip
    checker.run()
    assert status_of(f"/news/{public.pk}/", settings) == (200, False)
    assert status_of(f"/news/{draft.pk}/", settings) == (404, True)
    assert status_of("/news/column/notices/", settings) == (200, False)
    assert status_of("/no-such-page/", settings) == (404, True)
    assert status_of("/news/", settings) == (200, False)
    assert status_of(f"/zh-hant/news/{public.pk}/", settings) == (200, False)  # 繁体


def test_a_relative_link_is_read_from_the_article_page(article_linking, settings):
    target = make_article()
    article_linking(f"../{target.pk}/")
    checker.run()
    assert status_of(f"/news/{target.pk}/", settings) == (200, False)


def test_a_redirect_within_the_site_is_followed(article_linking, settings):
    target = make_article()
    article_linking(f"/news/{target.pk}")  # no slash: CommonMiddleware redirects
    checker.run()
    link = CheckedLink.objects.get()
    assert (link.status_code, link.is_broken) == (200, False)
    assert link.final_url == f"{settings.SITE_URL}/news/{target.pk}/"


def test_another_name_of_this_site_is_internal(article_linking, settings):
    settings.LINK_CHECK_OWN_HOSTS = ["www.caiqiao.example"]
    article_linking("https://www.caiqiao.example/news/")
    checker.run()
    link = CheckedLink.objects.get()
    assert (link.where, link.status_code) == ("internal", 200)


def test_uploads_are_looked_up_in_the_media_storage(article_linking, settings):
    """In production the web server serves /media/ (SERVE_MEDIA off: Django would say 404)."""
    settings.SERVE_MEDIA = False
    stored = default_storage.save("uploads/2026/12/村道.png", ContentFile(b"png"))
    there = settings.MEDIA_URL + stored
    article_linking(images=[there, "/media/uploads/2026/12/gone.png"])
    checker.run()
    stored_url = CheckedLink.objects.get(kind="image", status_code=200).url
    assert stored_url.endswith("%E6%9D%91%E9%81%93.png")  # stored percent-encoded
    assert status_of("/media/uploads/2026/12/gone.png", settings) == (404, True)
    assert CheckedLink.objects.filter(kind="image").count() == 2


def test_an_address_outside_the_media_folder_is_not_found(article_linking, settings):
    article_linking(images=["/media/../caiqiao/settings.py"])
    checker.run()
    assert CheckedLink.objects.get().is_broken


def _article_with_attachment(publish_at):
    attachment = Attachment(original_name="通知.pdf", kind="pdf", size=20)
    attachment.file.save("x.pdf", ContentFile(b"%PDF-1.4\n0\n%%EOF\n"), save=False)
    attachment.save()
    article = Article(column=make_column(), title="附件通知", body="<p>见附件。</p>")
    article = services.article_import_published(
        article=article, by=make_user("importer", "撰稿人"), publish_at=publish_at,
        reason="测试", parts={"attachments": [(attachment, "通知")]},
    )  # fmt: skip
    return article, attachment


def test_a_download_link_follows_the_attachment_rule(article_linking, settings, tomorrow):
    """/files/<id>/<name> opens while an article that is public has the attachment."""
    public, public_file = _article_with_attachment(timezone.now())
    _scheduled, scheduled_file = _article_with_attachment(tomorrow)
    linking = article_linking(
        f"/files/{public_file.pk}/通知.pdf", f"/files/{scheduled_file.pk}/通知.pdf"
    )
    checker.run()
    name = "%E9%80%9A%E7%9F%A5.pdf"
    assert status_of(f"/files/{public_file.pk}/{name}", settings, article=linking) == (200, False)
    assert status_of(f"/files/{scheduled_file.pk}/{name}", settings, article=linking) == (
        404,
        True,
    )


def test_the_attachments_of_a_public_article_are_checked(db, settings):
    article, attachment = _article_with_attachment(timezone.now())
    attachment.file.storage.delete(attachment.file.name)  # lost from the disk
    checker.run()
    link = CheckedLink.objects.get(article=article)
    assert link.url == settings.SITE_URL + f"/files/{attachment.pk}/%E9%80%9A%E7%9F%A5.pdf"
    assert (link.status_code, link.is_broken) == (404, True)


def test_checking_an_article_page_does_not_count_a_view(article_linking):
    target = make_article()
    article_linking(f"/news/{target.pk}/")
    checker.run()
    target.refresh_from_db()
    assert target.view_count == 0
    assert CheckedLink.objects.get().status_code == 200


def test_both_sizes_of_the_cover_picture_are_checked(db, settings):
    article = make_article(cover=image_file(), cover_alt="村道")
    small = images.small_rendition_name(article.cover_rendition.name)
    default_storage.delete(small)  # lost from the disk
    checker.run()
    results = dict(CheckedLink.objects.filter(kind="image").values_list("url", "is_broken"))
    assert results == {
        settings.SITE_URL + article.cover_rendition.url: False,
        settings.SITE_URL + default_storage.url(small): True,
    }
