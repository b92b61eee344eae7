"""/feed/disclosure.json: the public articles of the columns that require 政务公开 metadata, with
every field and their attachments, newest first, paged, for the county's disclosure platform."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone

from attachments.models import RevisionAttachment
from core.methods import read_only
from news.models import Article, SiteSettings, Validity

PAGE_SIZE = 50


def _date(value):
    return value.isoformat() if value else None


def _item(article, attachments, identity):
    return {
        "id": article.pk,
        "title": article.title,
        "url": settings.SITE_URL + article.get_absolute_url(),
        "column": article.column.name,
        "index_number": article.index_number,
        "issuing_body": article.issuing_body or identity.host_organization or identity.site_name,
        "document_number": article.document_number,
        "written_on": _date(article.written_on),
        "disclosed_on": _date(article.disclosed_on or timezone.localdate(article.publish_at)),
        "topic": article.topic,
        "validity": article.validity,
        "validity_label": str(Validity(article.validity).label) if article.validity else "",
        "validity_changed_on": _date(article.validity_changed_on),
        "published_at": timezone.localtime(article.publish_at).isoformat(),
        "updated_at": timezone.localtime(article.updated_at).isoformat(),
        "attachments": [
            {"title": link.title, "url": settings.SITE_URL + link.get_absolute_url(),
             "type": link.attachment.label, "content_type": link.attachment.content_type,
             "size": link.attachment.size}
            for link in attachments.get(article.live_revision_id, [])
        ],
    }  # fmt: skip


@read_only
def disclosure_feed(request):
    articles = (
        Article.objects.published()
        .filter(column__requires_disclosure=True)
        .select_related("column")
        .defer("body", "body_text")
        .newest_first()
    )
    try:
        page = Paginator(articles, PAGE_SIZE).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404 from None
    links = RevisionAttachment.objects.filter(
        revision_id__in=[article.live_revision_id for article in page]
    ).select_related("attachment")
    attachments = {}
    for link in links:
        attachments.setdefault(link.revision_id, []).append(link)
    identity = SiteSettings.current()
    base = settings.SITE_URL + reverse("opendata:feed")
    return JsonResponse(
        {
            "site": identity.site_name,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "count": page.paginator.count,
            "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
            "items": [_item(article, attachments, identity) for article in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )
