"""The workflow steps, called explicitly by the admin and management commands.

Each step locks the article row, lets the model's step method check its guard and set its
fields, and stores the result with an audit record in the same transaction; the e-mails it
causes (news.notifications) leave only after the commit.
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.times import format_minute

from . import checks, notifications
from . import parts as parts_module
from .index_numbers import next_index_number
from .models import Article, AuditRecord, Revision, SiteSettings, WorkflowError


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _state(article):
    """(status, state label): what the audit record keeps of the article before a step."""
    return article.status, article.state_label()


def _audit(article, *, action, by, before, revision=None, reason="", level=None):
    """The step's AuditRecord (the article's own history, which the workflow's rules read),
    and its line in the security audit log, in the step's transaction. before is (status,
    state label) of the article before the step (None for a new article)."""
    from_status, from_label = before or ("", "")
    record = AuditRecord.objects.create(
        article=article,
        revision=revision or article.current_revision,
        action=action,
        from_status=from_status,
        from_label=from_label,
        to_status=article.status,
        to_label=article.state_label(),
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


def article_save(*, article, by, note="", action=AuditRecord.Action.EDIT, parts=None):
    """Save what staff typed as a new revision.

    Before an article is online its row holds the latest text too; once online the row keeps the
    approved text for the public, and the new revision waits for review. parts are the new
    revision's parts kept by other apps (news.parts: {"attachments": [(Attachment, title)]});
    a part not given is the latest revision's, unchanged. They go public with the text, as part
    of it. Saving an unchanged text with unchanged parts records nothing. Returns the stored
    article.
    """
    parts_module.check_names(parts or {})
    with _refusals_recorded(article, action, by), transaction.atomic():
        if article.pk is None:
            article.check_edit(by)
            article.created_by = by
            article.save()
            stored, before, action = article, None, AuditRecord.Action.CREATE
        else:
            stored = _locked(article)
            stored.check_edit(by)
            before = _state(stored)
        if article.column.requires_disclosure and not article.index_number:
            article.index_number = next_index_number(article)
        current_parts = parts_module.read_parts(stored.current_revision)
        new_parts = {**current_parts, **(parts or {})}
        new_text = new_parts != current_parts or not (
            stored.current_revision and stored.current_revision.same_content_as(article)
        )
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
            parts_module.write_parts(revision, new_parts)
            stored.record_edit(by=by, revision=revision)
            if not stored.has_approved_text:
                revision.apply_to(stored)
        if not stored.has_approved_text:
            stored.publish_at = article.publish_at
        stored.save()
        _audit(stored, action=action, by=by, before=before,
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
        parts=parts_module.read_parts(revision),
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
        before, level = _state(stored), stored.review_level
        concerned = revision(stored) if revision else None
        step(stored)
        try:
            with transaction.atomic():
                stored.save()
        except IntegrityError:
            # Two texts given the same 索引号 at the same moment: check_index_number could not
            # see the other one yet. Refused like any step, with nothing changed.
            raise WorkflowError(
                _("索引号“%(number)s”已被另一篇文章使用，请退回撰稿人修改。")
                % {"number": stored.index_number}
            ) from None
        record = _audit(
            stored,
            action=action,
            by=by,
            before=before,
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


def article_approve(*, article, by, revision_id, comment="", findings=None):
    """Approve at the waiting level. revision_id is the revision the reviewer read: if the text
    changed since, StaleRevision is raised and nothing is approved. comment, the reviewer's
    optional 审核意见, is kept in the audit record. findings are the pre-publication checks'
    findings for that text, as the reviewer was shown them (news.checks); without them they
    are computed here. Either way they are computed once, before the row is locked: the
    checks read other tables and the lists, and must not hold the article's lock meanwhile."""
    levels = SiteSettings.load().review_levels
    now = timezone.now()
    if findings is None:
        findings = checks.findings(article.working_copy())

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
            by=by,
            revision_id=revision_id,
            levels=levels,
            now=now,
            findings=findings,
            comment=comment or "",
        ),  # fmt: skip
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
        "before": format_minute(before),
        "after": format_minute(publish_at),
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


def article_import_published(*, article, by, publish_at, reason, parts=None):
    """Put an article that was already published elsewhere (an old site, the demo) online with
    its original publish time (and its parts, as article_save takes them). For management
    commands only: the reason is recorded. (An old site's view count is the readership app's:
    readership.counter.keep_old_views.)"""
    with transaction.atomic():
        article.publish_at = publish_at
        stored = article_save(article=article, by=by, action=AuditRecord.Action.IMPORT,
                              parts=parts)  # fmt: skip
        return _transition(
            stored,
            by=by,
            action=AuditRecord.Action.PUBLISH,
            step=lambda a: a.import_published(now=timezone.now()),
            reason=reason,
        ).article


def article_import_draft(*, article, by, note):
    """A new draft of an article from an old site, for a reviewer to check: saved as staff's
    drafts are (article_save, by its author to be). It was first published on the old site at
    its publish time (first_published_at), so approval keeps that time instead of putting it
    online as of now (approve() back-dates nothing else), and the time moves only by
    修改发布时间, with a reason."""
    article.first_published_at = article.publish_at
    return article_save(article=article, by=by, note=note)


# 回收站 (news.models.trash): in and out as a step of the article's history; deleting for good
# only from there, with its line in the security audit log.


def article_trash(*, article, by):
    """Into the 回收站: off the public site at once, nothing else changed."""
    return _transition(
        article,
        by=by,
        action=AuditRecord.Action.TRASH,
        step=lambda a: a.trash(by=by, now=timezone.now()),
    ).article


def article_untrash(*, article, by):
    """Out of the 回收站, back to where it was (public again if its approved text is online)."""
    return _transition(
        article,
        by=by,
        action=AuditRecord.Action.UNTRASH,
        step=lambda a: a.untrash(by=by),
    ).article


def article_delete(*, article, by):
    """Delete an article in the 回收站 for good, with its revisions, its history and its parts
    (the revisions' attachment lists, daily views, checked links go with it by their foreign
    keys; the uploaded files stay among 附件, where other revisions may use them, and no
    resident reaches them any more). The security audit log keeps who deleted which title and
    when; it is the only trace left."""
    try:
        with transaction.atomic():
            _delete_for_good(_locked(article), by)
    except WorkflowError as error:
        # After the rollback, so that the record of the refusal stays.
        audit.record(audit.Action.ARTICLE_DELETE, result=audit.Result.REFUSED, user=by,
                     target=audit.describe(article), detail=str(error))  # fmt: skip
        raise


def _delete_for_good(stored, by):
    stored.check_delete(by)
    target = audit.describe(stored)
    if stored.first_published_at:
        detail = _("从回收站彻底删除；首次发布于 %(time)s") % {
            "time": format_minute(stored.first_published_at)
        }
    else:
        detail = _("从回收站彻底删除；未曾发布")
    # The revisions and the history hold the article (PROTECT, against deleting it by mistake
    # anywhere else), and it holds its revisions.
    Article.objects.filter(pk=stored.pk).update(current_revision=None, live_revision=None)
    AuditRecord.objects.filter(article=stored).delete()
    Revision.objects.filter(article=stored).delete()
    Article.objects.filter(pk=stored.pk).delete()
    audit.record(audit.Action.ARTICLE_DELETE, user=by, target=target, detail=detail)
