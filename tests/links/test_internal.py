"""This site's own addresses, checked without any request: SITE_URL is a port nothing listens
on (conftest), so an internal link that went over the network would come back broken, and no
request is handled in this process either (requests_handled). Each kind of page by its rule."""

import weakref

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from attachments.models import Attachment
from compliance.content import check, missing_pages
from links import checker
from links.models import CheckedLink
from news import images, services
from news.models import Article
from tests.factories import (
    as_user,
    edited,
    image_file,
    make_article,
    make_column,
    make_user,
    step_url,
)


def status_of(url, settings, **filters):
    link = CheckedLink.objects.get(url=settings.SITE_URL + url, **filters)
    assert link.where == "internal"
    return link.status_code, link.is_broken


def verdict(path, settings):
    """(status code, broken) of the site's own address path, as the checker answers it."""
    result = checker.InternalChecker(settings.LINK_CHECK_MAX_REDIRECTS).check(
        settings.SITE_URL + iri_to_uri(path)
    )
    return result.status_code, result.is_broken


def connected(signal, receiver):
    refs = [ref for _key, ref, *_rest in signal.receivers]
    return any((ref() if isinstance(ref, weakref.ref) else ref) is receiver for ref in refs)


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


def test_checking_links_makes_no_request_and_leaves_the_signals_alone(
    article_linking, settings, requests_handled
):
    """The run, and the pre-publication check (compliance.content) of the same text: the
    answers come from the URL configuration and the database, not from requests handled in
    this process (nor from juggling request_finished's close_old_connections around them)."""
    public, draft = make_article(), make_article(status=Article.Status.DRAFT)
    _with_file, attachment = _article_with_attachment(timezone.now())
    hrefs = [f"/news/{public.pk}/", f"/news/{draft.pk}/", f"/news/{public.pk}",
             f"/zh-hant/news/{public.pk}/", f"/files/{attachment.pk}/通知.pdf", "/news/column/x/",
             "/favicon.ico", "/no-such-page/"]  # fmt: skip
    linking = article_linking(*hrefs)
    checker.run()
    missing = missing_pages(linking)
    findings = [f.text for f in check(linking, kinds=("link",))]
    assert requests_handled == []
    assert connected(request_finished, close_old_connections)
    assert CheckedLink.objects.filter(is_broken=True).count() == 4
    assert missing == sorted([f"/news/{draft.pk}/", "/news/column/x/", "/favicon.ico",
                              "/no-such-page/"])  # fmt: skip
    assert len(findings) == 4


def test_approving_an_article_with_internal_links_handles_the_approval_request_alone(
    client, people, requests_handled
):
    """The approval runs the pre-publication checks, the link check among them: it handles no
    request of its own (the internal check resolves addresses, it does not request them)."""
    author, reviewer = people["author"], people["reviewer1"]
    public = make_article()
    body = f'<p><a href="/news/{public.pk}/">有</a><a href="/no-such-page/">无</a></p>'
    article = make_article(status=Article.Status.DRAFT, by=author, body=body)
    article = services.article_submit(article=article, by=author)
    url = step_url(article, "approve")
    reviewer_browser = as_user(client, reviewer)
    requests_handled.clear()
    response = reviewer_browser.post(
        url, {"revision_id": article.current_revision_id, "comment": "链接已核实"}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).review_level == 2  # approved at the first level
    assert requests_handled == [url]
    assert connected(request_finished, close_old_connections)


def _withdrawn(superuser):
    article = make_article()
    return services.article_withdraw(article=article, by=superuser, reason="测试撤稿")


def _with_an_edit_in_review(superuser):
    """Online, with a changed text submitted: status submitted, still public."""
    author = make_user("factory-author", "撰稿人")
    article = make_article(by=author)
    article = services.article_save(article=edited(article), by=author)
    article = services.article_submit(article=article, by=author)
    assert article.status == Article.Status.SUBMITTED
    return article


ARTICLE_STATES = {
    "published": (lambda superuser, tomorrow: make_article(), (200, False)),
    "draft": (lambda superuser, tomorrow: make_article(status=Article.Status.DRAFT), (404, True)),
    "withdrawn": (lambda superuser, tomorrow: _withdrawn(superuser), (404, True)),
    "scheduled": (lambda superuser, tomorrow: make_article(publish_at=tomorrow), (404, True)),
    "edit_in_review": (
        lambda superuser, tomorrow: _with_an_edit_in_review(superuser),
        (200, False),
    ),
}


@pytest.mark.parametrize("script", ["", "/zh-hant"])
@pytest.mark.parametrize("state", ARTICLE_STATES)
def test_an_article_link_works_exactly_while_the_article_is_public(
    state, script, superuser, tomorrow, settings
):
    """published(), whatever the stage of the latest text; the same under /zh-hant/."""
    make, expected = ARTICLE_STATES[state]
    article = make(superuser, tomorrow)
    assert verdict(f"{script}/news/{article.pk}/", settings) == expected


@pytest.mark.parametrize(
    "path",
    ["/no-such-page/", "/news/999999/", "/news/99999999999999999999/", "/news/column/x/y/",
     "/zh-hans/news/", "/zh-hant/feed/disclosure.json", "/zh-hant/zh-hant/news/", "/healthz/",
     "/media"],
)  # fmt: skip
def test_an_address_the_site_does_not_have_is_broken(path, db, settings):
    """/zh-hans/ is not a prefix (the default script has none); /zh-hant/ only before the
    public pages."""
    assert verdict(path, settings) == (404, True)


def test_a_missing_trailing_slash_is_fine_where_the_site_redirects_to_the_slash(db, settings):
    public, draft = make_article(), make_article(status=Article.Status.DRAFT)
    make_column(slug="notices")
    assert verdict(f"/news/{public.pk}", settings) == (200, False)
    assert verdict(f"/zh-hant/news/{public.pk}", settings) == (200, False)
    assert verdict("/news/column/notices", settings) == (200, False)
    assert verdict("/zh-hant", settings) == (200, False)
    assert verdict(f"/news/{draft.pk}", settings) == (404, True)  # the page's rule after it
    assert verdict("/no-such-page", settings) == (404, True)


def test_a_column_page_and_its_feed_are_there_while_the_column_exists(db, settings):
    """Also a column out of the navigation: its page and feed still open (news.views,
    website.feeds)."""
    make_column(slug="notices")
    make_column(slug="old", visible=False)
    for prefix in ["/news/column/", "/zh-hant/news/column/", "/feed/", "/zh-hant/feed/"]:
        assert verdict(f"{prefix}notices/", settings) == (200, False)
        assert verdict(f"{prefix}old/", settings) == (200, False)
        assert verdict(f"{prefix}gone/", settings) == (404, True)


@pytest.mark.parametrize(
    "path",
    ["/", "/news/", "/news/?page=99", "/search/?q=通知", "/sitemap/", "/feed/", "/sitemap.xml",
     "/robots.txt", "/feed/disclosure.json", "/zh-hant/", "/zh-hant/search/", "/healthz",
     "/preferences/?size=large&next=/news/"],
)  # fmt: skip
def test_the_other_public_pages_are_there(path, db, settings):
    """A page number beyond the list counts as there: a list's pages move with every
    publication."""
    assert verdict(path, settings) == (200, False)


def test_staff_addresses_answer_as_they_do_to_a_resident(db, settings):
    """The preview is a 404 for residents; the admin and the editor's upload send them to the
    login page, which is there; the editor's paste from Word takes only a POST."""
    article = make_article()
    assert verdict(f"/news/{article.pk}/preview/", settings) == (404, True)
    assert verdict(f"/zh-hant/news/{article.pk}/preview/", settings) == (404, True)
    assert verdict("/admin/", settings) == (200, False)
    assert verdict(f"/admin/news/article/{article.pk}/change/", settings) == (200, False)
    assert verdict("/admin/no-such-page", settings) == (200, False)
    assert verdict("/ckeditor/upload/", settings) == (200, False)
    assert verdict("/ckeditor/wordpaste/", settings) == (405, True)


def test_static_files_are_there_when_whitenoise_serves_them(db, settings, tmp_path):
    (tmp_path / "website").mkdir()
    (tmp_path / "website" / "favicon.png").write_bytes(b"png")
    settings.STATIC_ROOT = tmp_path
    assert verdict("/static/website/favicon.png", settings) == (200, False)
    assert verdict("/static/website/", settings) == (404, True)  # a folder: not served
    assert verdict("/static/website/gone.css", settings) == (404, True)
    assert verdict("/static/../website/favicon.png", settings) == (404, True)


def test_the_favicon_leads_where_the_site_sends_the_browser(db, settings, tmp_path):
    location = Client().get("/favicon.ico")["Location"]
    assert verdict("/favicon.ico", settings) == (404, True)  # not collected
    (tmp_path / "website").mkdir()
    (tmp_path / "website" / "favicon.png").write_bytes(b"png")
    settings.STATIC_ROOT = tmp_path
    result = checker.InternalChecker(5).check(settings.SITE_URL + "/favicon.ico")
    assert (result.status_code, result.final_url) == (200, settings.SITE_URL + location)


def test_an_address_with_a_nul_character_is_refused(db, settings):
    """RefuseBadRequests: a 400 before any page is looked up."""
    article = make_article()
    assert verdict("/news/%00/", settings) == (400, True)
    assert verdict(f"/news/{article.pk}/?q=%00", settings) == (400, True)
