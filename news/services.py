"""The workflow steps, called explicitly by the admin and management commands.

Each step locks the article row, lets the model's step method check its guard and set its
fields, and stores the result with an audit record in the same transaction; the e-mails it
causes (news.notifications) leave only after the commit.
"""

from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from opendata.index_numbers import next_index_number
from readership.models import DailyViews

from . import notifications
from .models import Article, AuditRecord, Revision, SiteSettings, WorkflowError


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _audit(article, *, action, by, from_status, revision=None, reason="", level=None):
    """The step's AuditRecord (the article's own history, which the workflow's rules read),
    and its line in the security audit log, in the step's transaction."""
    record = AuditRecord.objects.create(
        article=article,
        revision=revision or article.current_revision,
        action=action,
        from_status=from_status,
        to_status=article.status,
        review_level=level,
        review_round=article.review_round,
        reason=reason.strip(),
        actor=by,
    )
    detail = f"{record.get_action_display()}：{record.transition_label()}"
    if record.level_name():
        detail += f"（{record.level_name()}）"
    audit.record(audit.Action.WORKFLOW, user=by, target=audit.describe(article), detail=detail)
    return record


@contextmanager
def _refusals_recorded(article, action, by):
    """A step its guard refuses goes into the security audit log too: after the step's
    transaction is rolled back, so that the record stays."""
    try:
        yield
    except WorkflowError as error:
        audit.record(
            audit.Action.WORKFLOW,
            result=audit.Result.REFUSED,
            user=by,
            target=audit.describe(article) if article.pk else _("新稿件"),
            detail=f"{AuditRecord.Action(action).label}：{error}",
        )
        raise


def _attachment_list(revision):
    """[(attachment, title)] of a revision, in order (the attachments app's links)."""
    if revision is None:
        return []
    return [(link.attachment, link.title)
            for link in revision.attachment_links.select_related("attachment")]  # fmt: skip


def article_save(*, article, by, note="", action=AuditRecord.Action.EDIT, attachments=None):
    """Save what staff typed as a new revision.

    Before an article is online its row holds the latest text too; once online the row keeps the
    approved text for the public, and the new revision waits for review. attachments, a list
    of (Attachment, title), are the new revision's (None: the latest revision's, unchanged):
    they go public with the text, as part of it. Saving an unchanged text and unchanged
    attachments records nothing. Returns the stored article.
    """
    with _refusals_recorded(article, action, by), transaction.atomic():
        if article.pk is None:
            article.check_edit(by)
            article.created_by = by
            article.save()
            stored, from_status, action = article, "", AuditRecord.Action.CREATE
        else:
            stored = _locked(article)
            stored.check_edit(by)
            from_status = stored.status
        if article.column.requires_disclosure and not article.index_number:
            article.index_number = next_index_number(article)
        current_attachments = _attachment_list(stored.current_revision)
        if attachments is None:
            attachments = current_attachments
        new_text = not (
            stored.current_revision and stored.current_revision.same_content_as(article)
        ) or [(a.pk, title) for a, title in attachments] != [
            (a.pk, title) for a, title in current_attachments
        ]
        moved = not stored.has_approved_text and stored.publish_at != article.publish_at
        if not (new_text or moved):
            return stored
        if new_text:
            article.commit_cover()
            revision = Revision.objects.create(
                article=stored,
                number=(stored.revisions.aggregate(last=Max("number"))["last"] or 0) + 1,
                created_by=by,
                note=note,
                **Revision.content_of(article),
            )
            for order, (attachment, title) in enumerate(attachments):
                revision.attachment_links.create(attachment=attachment, title=title, order=order)
            stored.record_edit(by=by, revision=revision)
            if not stored.has_approved_text:
                revision.apply_to(stored)
        if not stored.has_approved_text:
            stored.publish_at = article.publish_at
        stored.save()
        _audit(stored, action=action, by=by, from_status=from_status,
               reason="" if new_text else _("只修改了拟发布时间"))  # fmt: skip
    return stored


def article_restore(*, article, by, revision):
    """Make an old revision the text again, as a new revision (a draft)."""
    if revision.article_id != article.pk:
        raise ValueError("revision of another article")
    working = article.working_copy()
    revision.apply_to(working)
    return article_save(
        article=working,
        by=by,
        attachments=_attachment_list(revision),
        note=_("由第 %(number)s 版恢复") % {"number": revision.number},
        action=AuditRecord.Action.RESTORE,
    )


def _transition(
    article, *, by, action, step, reason="", decided_level=False, revision=None, tell=None
):
    """Lock the row, let step(stored) change it (its guard raises WorkflowError), save it,
    write the audit record and tell(record) whom it concerns (their 消息; the e-mails leave
    after the commit), all in one transaction. decided_level records the level the decision
    was taken at; revision(stored), if given, names the revision concerned. Returns the audit
    record, whose article is the stored article."""
    with _refusals_recorded(article, action, by), transaction.atomic():
        stored = _locked(article)
        from_status, level = stored.status, stored.review_level
        concerned = revision(stored) if revision else None
        step(stored)
        stored.save()
        record = _audit(
            stored,
            action=action,
            by=by,
            from_status=from_status,
            revision=concerned,
            level=level if decided_level else stored.review_level,
            reason=reason,
        )
        if tell is not None:
            tell(record)
        return record


def article_submit(*, article, by):
    return _transition(
        article,
        by=by,
        action=AuditRecord.Action.SUBMIT,
        step=lambda a: a.submit(by=by),
        tell=lambda record: notifications.reviewers(record.article, level=1),
    ).article


def article_approve(*, article, by, revision_id, comment=""):
    """Approve at the waiting level. revision_id is the revision the reviewer read: if the text
    changed since, StaleRevision is raised and nothing is approved. comment, the reviewer's
    optional 审核意见, is kept in the audit record."""
    levels = SiteSettings.load().review_levels
    now = timezone.now()

    def tell(record):
        stored = record.article
        if stored.status == Article.Status.SUBMITTED:
            notifications.reviewers(stored, level=stored.review_level)
        elif stored.status == Article.Status.PUBLISHED:
            notifications.author_published(stored)

    return _transition(
        article,
        by=by,
        action=AuditRecord.Action.APPROVE,
        step=lambda a: a.approve(
            by=by, revision_id=revision_id, levels=levels, now=now, comment=comment or ""
        ),
        reason=comment or "",
        decided_level=True,
        tell=tell,
    ).article


def article_return(*, article, by, reason):
    return _transition(
        article,
        by=by,
        action=AuditRecord.Action.RETURN,
        step=lambda a: a.return_to_author(by=by, reason=reason),
        reason=reason,
        decided_level=True,
        tell=notifications.author_returned,
    ).article


def article_withdraw(*, article, by, reason):
    return _transition(
        article,
        by=by,
        action=AuditRecord.Action.WITHDRAW,
        step=lambda a: a.withdraw(by=by, reason=reason),
        reason=reason,
        revision=lambda a: a.live_revision,
    ).article


def article_reschedule(*, article, by, publish_at, reason):
    before = Article.objects.values_list("publish_at", flat=True).get(pk=article.pk)
    note = _("发布时间由 %(before)s 改为 %(after)s。") % {
        "before": timezone.localtime(before).strftime("%Y-%m-%d %H:%M"),
        "after": timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M"),
    }
    return _transition(
        article,
        by=by,
        action=AuditRecord.Action.RESCHEDULE,
        step=lambda a: a.reschedule(
            by=by, publish_at=publish_at, reason=reason, now=timezone.now()
        ),  # fmt: skip
        reason=f"{note}\n{(reason or '').strip()}",
        revision=lambda a: a.live_revision,
    ).article


def publish_due(*, now=None):
    """Record the publication of approved articles whose time has come, and tell their authors.

    Run every minute or so (manage.py publish_due). Visibility does not wait for it:
    published() already shows these articles; this only keeps the record and sends the e-mail.
    """
    now = now or timezone.now()
    published = []
    due = Article.objects.published(now=now).filter(
        Q(status=Article.Status.APPROVED) | Q(first_published_at__isnull=True)
    )
    for article_id in due.values_list("pk", flat=True):
        try:
            stored = _transition(
                Article(pk=article_id),
                by=None,
                action=AuditRecord.Action.PUBLISH,
                step=lambda a: a.publish(now=now),
                revision=lambda a: a.live_revision,
                tell=lambda record: notifications.author_published(record.article),
            ).article
        except WorkflowError:
            continue  # another process got there first
        published.append(stored)
    return published


def article_import_published(*, article, by, publish_at, reason, attachments=None,
                             view_count=0):  # fmt: skip
    """Put an article that was already published elsewhere (an old site, the demo) online with
    its original publish time (and attachments: [(Attachment, title)]; view_count: the old
    site's count, kept). For management commands only: the reason is recorded."""
    with transaction.atomic():
        article.publish_at = publish_at
        stored = article_save(article=article, by=by, action=AuditRecord.Action.IMPORT,
                              attachments=attachments)  # fmt: skip
        stored = _transition(
            stored,
            by=by,
            action=AuditRecord.Action.PUBLISH,
            step=lambda a: a.import_published(now=timezone.now()),
            reason=reason,
        ).article
        return _keep_old_views(stored, view_count)


def article_import_draft(*, article, by, note, view_count=0):
    """A new draft of an article from an old site, for a reviewer to check: saved as staff's
    drafts are (article_save, by its author to be), with the old site's view count kept. It was
    first published on the old site at its publish time (first_published_at), so approval
    keeps that time instead of putting it online as of now (approve() back-dates nothing else),
    and the time moves only by 修改发布时间, with a reason."""
    article.first_published_at = article.publish_at
    with transaction.atomic():
        return _keep_old_views(article_save(article=article, by=by, note=note), view_count)


def _keep_old_views(article, view_count):
    """An old site's count, given to a new article. As when daily counts began (migration
    news 0004), the views of unknown days go to the publication day, so that the total stays
    the sum of its days (readership.models.DailyViews)."""
    if view_count:
        DailyViews.objects.create(
            article=article, date=timezone.localtime(article.publish_at).date(), views=view_count
        )
        Article.objects.filter(pk=article.pk).update(view_count=view_count)
        article.view_count = view_count
    return article
