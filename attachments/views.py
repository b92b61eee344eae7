"""Downloads. Residents get an attachment only while an article that is public (published())
has it in its approved text; staff get those of the articles they may open in the admin."""

from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache

from core.methods import read_only
from news.models import Article

from .models import RevisionAttachment


def _download(link):
    try:
        file = link.attachment.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(file, as_attachment=True, filename=link.download_name,
                            content_type=link.attachment.content_type)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def public_link(attachment_id):
    """The attachment residents may download at /files/<id>/<name> (a RevisionAttachment, for
    its name and file), or None: only while an article that is public has it in its approved
    text. The download and the link checker (links.checker) both ask this."""
    return (
        RevisionAttachment.objects.select_related("attachment")
        .filter(attachment_id=attachment_id,
                revision__in=Article.objects.published().values("live_revision"))
        .first()
    )  # fmt: skip


@read_only
def download(request, attachment_id, name):
    """/files/<id>/<name>: the attachment of a public article, with its Chinese name."""
    link = public_link(attachment_id)
    if link is None:
        raise Http404
    response = _download(link)
    response["Cache-Control"] = "no-cache"  # withdrawn articles' files must go at once
    return response


@never_cache
def staff_download(request, article_id, attachment_id):
    """An attachment of an article this member of staff may open (reviewers: what they are
    asked to approve), from any revision they may read."""
    article = Article.objects.visible_to(request.user).filter(pk=article_id).first()
    if article is None:
        raise Http404
    link = (
        RevisionAttachment.objects.select_related("attachment")
        .filter(attachment_id=attachment_id, revision__in=article.revisions_for(request.user))
        .first()
    )
    if link is None:
        raise Http404
    response = _download(link)
    return response
