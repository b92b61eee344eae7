"""附件: uploaded in the article form, recognised from their content, stored privately under random
names, part of the revision (public only with the approved text, and gone again on
withdrawal), downloaded with their Chinese names, and open to the reviewers who approve them."""

import io
import re
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from accounts.models import SecurityEvent
from attachments.models import Attachment
from news import services
from news.models import Article
from tests.factories import (
    ARTICLE_ADD_URL,
    PHONE_BROWSER,
    approve_all,
    article_form_data,
    as_user,
    build,
    change_url,
    events,
    image_file,
    make_column,
    stored_files,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]

NOTICE = "关于开展冬季森林防火检查的通知"


def pdf(name=f"{NOTICE}.pdf", size=2000):
    body = b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF\n"
    return ContentFile(body, name=name)


def docx(name="会议纪要.docx"):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return ContentFile(output.getvalue(), name=name)


def public(path):
    return Client(HTTP_USER_AGENT=PHONE_BROWSER).get(path)


def submitted_with(client, author, files, **fields):
    """An author adds an article with these attachments and submits it."""
    data = article_form_data(column=make_column(), title=NOTICE, new_attachments=files, **fields)
    response = as_user(client, author).post(ARTICLE_ADD_URL, {**data, "_submit_for_review": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Article.objects.get(title=NOTICE)


def test_an_attachment_is_stored_privately_under_a_random_name_titled_after_its_file(
    client, people, settings
):
    article = submitted_with(client, people["author"], [pdf()])
    (link,) = article.current_revision.attachment_links.all()
    assert link.title == NOTICE
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", link.attachment.file.name)
    assert (link.attachment.kind, link.attachment.size) == ("pdf", pdf().size)
    assert stored_files(settings.ATTACHMENTS_ROOT) == [link.attachment.file.name]
    assert not (settings.MEDIA_ROOT / "attachments").exists()  # nothing under /media/
    upload = events(SecurityEvent.Action.UPLOAD)[-1]
    assert upload.user == people["author"] and NOTICE in upload.detail


def test_the_type_comes_from_the_content_not_the_name(client, people):
    article = submitted_with(client, people["author"], [pdf(name="其实是PDF.doc"), docx()])
    kinds = [(link.attachment.kind, link.download_name)
             for link in article.current_revision.attachment_links.all()]  # fmt: skip
    assert kinds == [("pdf", "其实是PDF.pdf"), ("docx", "会议纪要.docx")]


@pytest.mark.parametrize(
    "file",
    [
        ContentFile(b"<html><script>alert(1)</script></html>", name="通知.pdf"),
        ContentFile(b"MZ\x90\x00" + b"\x00" * 100, name="通知.doc"),
        ContentFile(b'<svg onload="alert(1)"/>', name="图.png"),
    ],
    ids=["html-named-pdf", "exe-named-doc", "svg-named-png"],
)
def test_what_is_not_on_the_allow_list_is_refused_and_the_text_kept(client, people, settings,
                                                                    file):  # fmt: skip
    data = article_form_data(column=make_column(), title="带附件的文章", new_attachments=[file])
    response = as_user(client, people["author"]).post(ARTICLE_ADD_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "不是允许的文件类型" in html and 'value="带附件的文章"' in html
    assert not Attachment.objects.exists() and stored_files(settings.ATTACHMENTS_ROOT) == []


def test_a_file_over_the_size_limit_is_refused(client, people, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    data = article_form_data(column=make_column(), title="大附件", new_attachments=[pdf()])
    html = as_user(client, people["author"]).post(ARTICLE_ADD_URL, data).content.decode()
    assert "太大" in html and not Attachment.objects.exists()


def test_attachments_go_public_with_the_approved_text_and_leave_with_a_withdrawal(client, people):
    article = submitted_with(client, people["author"], [pdf()])
    attachment = article.current_revision.attachment_links.get().attachment
    url = f"/files/{attachment.pk}/{quote(NOTICE)}.pdf"
    assert public(url).status_code == 404  # in review: not public
    approve_all(article, people)
    page = public(article.get_absolute_url()).content.decode()
    assert f"{NOTICE}.pdf</a>（PDF，2 KB）" in page
    download = public(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == (f"attachment; filename*=utf-8''{quote(NOTICE)}.pdf")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == pdf().read()
    services.article_withdraw(article=article, by=people["site_admin"], reason="有误")
    assert public(url).status_code == 404


def test_a_change_of_attachments_waits_for_review_like_a_change_of_text(client, people, now):
    article = build("published", people, now)
    author = as_user(client, people["author"])
    data = article_form_data(Article.objects.get(pk=article.pk), new_attachments=[pdf()])
    assert author.post(change_url(article), data).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.has_pending_changes  # a new revision, waiting
    attachment = Attachment.objects.get()
    assert "附件" not in public(article.get_absolute_url()).content.decode()
    assert public(f"/files/{attachment.pk}/x.pdf").status_code == 404
    services.article_submit(article=stored, by=people["author"])
    approve_all(stored, people)
    assert f"{NOTICE}.pdf" in public(article.get_absolute_url()).content.decode()

    # Removing it is a change too: the online text keeps it until the removal is approved.
    stored = Article.objects.get(pk=article.pk)
    data = article_form_data(stored, **{f"attachment-{attachment.pk}-remove": "on"})
    assert author.post(change_url(article), data).status_code == 302
    assert f"{NOTICE}.pdf" in public(article.get_absolute_url()).content.decode()
    assert public(f"/files/{attachment.pk}/x.pdf").status_code == 200


def test_a_title_can_be_changed_and_is_the_downloaded_name(client, people, now):
    article = submitted_with(client, people["author"], [pdf()])
    attachment = Attachment.objects.get()
    services.article_return(article=article, by=people["reviewer1"], reason="改标题")
    title = {f"attachment-{attachment.pk}-title": "防火检查通知（正式稿）"}
    data = article_form_data(Article.objects.get(pk=article.pk), **title)
    assert as_user(client, people["author"]).post(change_url(article), data).status_code == 302
    link = Article.objects.get(pk=article.pk).current_revision.attachment_links.get()
    assert link.download_name == "防火检查通知（正式稿）.pdf"


def test_reviewers_open_the_attachments_they_are_asked_to_approve(client, people):
    article = submitted_with(client, people["author"], [pdf()])
    attachment = Attachment.objects.get()
    staff_url = f"/admin/news/article/{article.pk}/attachments/{attachment.pk}/"
    reviewer = as_user(Client(), people["reviewer1"])
    page = reviewer.get(change_url(article)).content.decode()
    assert staff_url in page and f"{NOTICE}.pdf" in page
    response = reviewer.get(staff_url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert as_user(Client(), people["other_author"]).get(staff_url).status_code == 404
    assert Client().get(staff_url).status_code == 302  # to the login


def test_the_preview_shows_the_attachments_waiting_for_review(client, people):
    article = submitted_with(client, people["author"], [pdf(), image_file("现场照片.png")])
    html = as_user(client, people["author"]).get(f"/news/{article.pk}/preview/").content.decode()
    assert f"{NOTICE}.pdf" in html and "现场照片.png" in html and "（PNG，" in html
