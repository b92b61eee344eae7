"""Steps that reach beyond one model instance, called explicitly by views, admin and commands.

Each workflow service locks the article row, lets the model's step method check its guard and
set its fields, stores the result with an audit record in the same transaction, and sends
e-mail only after the commit.
"""

import functools
import logging
import re
import weakref
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import connections, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    REVIEW_LEVEL_NAMES,
    Article,
    AuditRecord,
    Column,
    DailyViews,
    Revision,
    SiteSettings,
    WorkflowError,
)

logger = logging.getLogger(__name__)


def article_count_view(*, article_id, count=True):
    """The view count and version (updated_at) of a public article, or None if it is not public.

    With count, one view is added first: the total (view_count = view_count + 1, never read,
    added to and saved) and the day's row (an upsert) in one transaction, so concurrent views
    are neither lost nor doubled and the total stays the sum of the days. On PostgreSQL this is
    one statement. Whether a request should count is news.counting's business.
    """
    if not count:
        return (
            Article.objects.published()
            .filter(pk=article_id)
            .values_list("view_count", "updated_at")
            .first()
        )
    connection = connections[Article.objects.db]
    statements, params = _count_statements(connection.alias)
    now = Article._meta.get_field("publish_at").get_db_prep_value(timezone.now(), connection)
    params = [{_NOW: now, _ID: article_id}.get(param, param) for param in params]
    today = timezone.localdate()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _execute_prepared(cursor, connection, "news_count_view", statements[0],
                              [*params, today])  # fmt: skip
            return cursor.fetchone()
        update, insert_day = statements
        with transaction.atomic(using=connection.alias):
            cursor.execute(update, params)
            row = cursor.fetchone()
            if row is None:
                return None
            cursor.execute(insert_day, [row[0], today])
        return row[1:]


_NOW, _ID = object(), object()
_PREPARED = weakref.WeakSet()  # PostgreSQL connections that have news_count_view prepared


def _execute_prepared(cursor, connection, name, statement, params):
    """Run statement as a server-side prepared statement: the hottest statement of the site is
    planned once per connection instead of once per view. (Not for a pgbouncer in transaction
    mode, which does not keep prepared statements.)"""
    raw = connection.connection
    if raw not in _PREPARED:
        numbered = iter(range(1, len(params) + 1))
        body = re.sub(r"%s", lambda _: f"${next(numbered)}", statement).replace("%%", "%")
        cursor.execute(f"PREPARE {name} AS {body}")
        _PREPARED.add(raw)
    cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params)


@functools.cache
def _count_statements(alias):
    """The counting SQL, built once per process from the one definition of public (compiling
    published() per view cost more than the statement itself): on PostgreSQL one statement, on
    SQLite the total's UPDATE and the day's upsert. The parameters come back with placeholders
    for the time and the article id; the day's date goes last."""
    connection = connections[alias]
    sentinel_time = datetime(1999, 9, 9, 9, 9, 9, tzinfo=UTC)
    sentinel_id = -987654321
    query = Article.objects.published(now=sentinel_time).filter(pk=sentinel_id).query
    where, params = query.get_compiler(connection=connection).compile(query.where)
    prepared_time = Article._meta.get_field("publish_at").get_db_prep_value(
        sentinel_time, connection
    )
    placeholders = {prepared_time: _NOW, sentinel_id: _ID}
    params = [placeholders.get(param, param) for param in params]
    table, daily = Article._meta.db_table, DailyViews._meta.db_table
    update = (
        f"UPDATE {table} SET view_count = view_count + 1 WHERE {where} "
        "RETURNING id, view_count, updated_at"
    )
    upsert = f"ON CONFLICT (article_id, date) DO UPDATE SET views = {daily}.views + 1"
    if connection.vendor == "postgresql":
        return (
            f"WITH counted AS ({update}), daily AS (INSERT INTO {daily} (article_id, date, views) "
            f"SELECT id, %s::date, 1 FROM counted {upsert}) "
            "SELECT view_count, updated_at FROM counted",
        ), params
    return (
        update,
        f"INSERT INTO {daily} (article_id, date, views) VALUES (%s, %s, 1) {upsert}",
    ), params


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _audit(article, *, action, by, from_status, revision=None, reason="", level=None):
    return AuditRecord.objects.create(
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


def _commit_cover(article):
    """Store a newly uploaded cover now, so that the revision can refer to it by name."""
    if article.cover and not article.cover._committed:
        article.cover.save(article.cover.name, article.cover.file, save=False)


def article_save(*, article, by, note="", action=AuditRecord.Action.EDIT):
    """Save what staff typed as a new revision.

    Before an article is online its row holds the latest text too; once online the row keeps the
    approved text for the public, and the new revision waits for review. Saving an unchanged
    text records nothing. Returns the stored article.
    """
    with transaction.atomic():
        if article.pk is None:
            article.check_edit(by)
            article.created_by = by
            article.save()
            stored, from_status, action = article, "", AuditRecord.Action.CREATE
        else:
            stored = _locked(article)
            stored.check_edit(by)
            from_status = stored.status
        new_text = not (
            stored.current_revision and stored.current_revision.same_content_as(article)
        )
        moved = not stored.is_live and stored.publish_at != article.publish_at
        if not (new_text or moved):
            return stored
        if new_text:
            _commit_cover(article)
            revision = Revision.objects.create(
                article=stored,
                number=(stored.revisions.aggregate(last=Max("number"))["last"] or 0) + 1,
                created_by=by,
                note=note,
                **Revision.content_of(article),
            )
            stored.record_edit(by=by, revision=revision)
            if not stored.is_live:
                revision.apply_to(stored)
        if not stored.is_live:
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
        note=_("由第 %(number)s 版恢复") % {"number": revision.number},
        action=AuditRecord.Action.RESTORE,
    )


def _transition(article, *, by, action, step, reason="", decided_level=False, revision=None):
    """Lock the row, let step(stored) change it (its guard raises WorkflowError), save it and
    write the audit record, all in one transaction. decided_level records the level the
    decision was taken at; revision(stored), if given, names the revision concerned."""
    with transaction.atomic():
        stored = _locked(article)
        from_status, level = stored.status, stored.review_level
        concerned = revision(stored) if revision else None
        result = step(stored)
        stored.save()
        _audit(stored, action=action, by=by, from_status=from_status, revision=concerned,
               level=level if decided_level else stored.review_level, reason=reason)  # fmt: skip
    return stored, level, result


def article_submit(*, article, by):
    stored, _level, _result = _transition(
        article, by=by, action=AuditRecord.Action.SUBMIT, step=lambda a: a.submit(by=by)
    )
    _notify_reviewers(stored, level=1)
    return stored


def article_approve(*, article, by, revision_id):
    """Approve at the waiting level. revision_id is the revision the reviewer read: if the text
    changed since, StaleRevision is raised and nothing is approved."""
    levels = SiteSettings.load().review_levels
    now = timezone.now()
    stored, _level, final = _transition(
        article,
        by=by,
        action=AuditRecord.Action.APPROVE,
        step=lambda a: a.approve(by=by, revision_id=revision_id, levels=levels, now=now),
        decided_level=True,
    )
    if not final:
        _notify_reviewers(stored, level=stored.review_level)
    elif stored.status == Article.Status.PUBLISHED:
        _notify_author_published(stored)
    return stored


def article_return(*, article, by, reason):
    stored, level, _result = _transition(
        article,
        by=by,
        action=AuditRecord.Action.RETURN,
        step=lambda a: a.return_to_author(by=by, reason=reason),
        reason=reason,
        decided_level=True,
    )
    _notify_author(
        stored,
        subject=_("稿件被退回：%(title)s") % {"title": stored.title},
        message=_("您的稿件《%(title)s》在%(level)s时被退回。\n\n退回理由：%(reason)s\n\n%(url)s")
        % {
            "title": stored.working_copy().title,
            "level": REVIEW_LEVEL_NAMES[level],
            "reason": reason.strip(),
            "url": _admin_url(stored),
        },
    )
    return stored


def article_withdraw(*, article, by, reason):
    stored, _level, _result = _transition(
        article,
        by=by,
        action=AuditRecord.Action.WITHDRAW,
        step=lambda a: a.withdraw(by=by, reason=reason),
        reason=reason,
        revision=lambda a: a.live_revision,
    )
    return stored


def article_reschedule(*, article, by, publish_at, reason):
    before = Article.objects.values_list("publish_at", flat=True).get(pk=article.pk)
    note = _("发布时间由 %(before)s 改为 %(after)s。") % {
        "before": timezone.localtime(before).strftime("%Y-%m-%d %H:%M"),
        "after": timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M"),
    }
    stored, _level, _result = _transition(
        article,
        by=by,
        action=AuditRecord.Action.RESCHEDULE,
        step=lambda a: a.reschedule(
            by=by, publish_at=publish_at, reason=reason, now=timezone.now()
        ),  # fmt: skip
        reason=f"{note}\n{(reason or '').strip()}",
        revision=lambda a: a.live_revision,
    )
    return stored


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
            stored, _level, _result = _transition(
                Article(pk=article_id),
                by=None,
                action=AuditRecord.Action.PUBLISH,
                step=lambda a: a.publish(now=now),
                revision=lambda a: a.live_revision,
            )
        except WorkflowError:
            continue  # another process got there first
        published.append(stored)
        _notify_author_published(stored)
    return published


def article_import_published(*, article, by, publish_at, reason):
    """Put an article that was already published elsewhere (an old site, the demo) online with
    its original publish time. For management commands only: the reason is recorded."""
    with transaction.atomic():
        article.publish_at = publish_at
        stored = article_save(article=article, by=by, action=AuditRecord.Action.IMPORT)
        stored, _level, _result = _transition(
            stored,
            by=by,
            action=AuditRecord.Action.PUBLISH,
            step=lambda a: a.import_published(now=timezone.now()),
            reason=reason,
        )
    return stored


NAVIGATION_CACHE_KEY = "news:navigation"


def navigation_columns():
    """The visible columns, from the shared cache (emptied by column_changed)."""
    return cache.get_or_set(
        NAVIGATION_CACHE_KEY, lambda: list(Column.objects.filter(visible=True)), 3600
    )


def column_changed():
    """Columns changed (admin): the navigation is read again on the next page."""
    cache.delete(NAVIGATION_CACHE_KEY)


# E-mail. Sent after the commit so that a failed mail server never undoes a decision.


def _admin_url(article):
    return settings.SITE_URL + reverse("admin:news_article_change", args=[article.pk])


def _send(recipients, subject, message):
    addresses = sorted({user.email for user in recipients if user.email})
    if not addresses:
        return

    def send():
        try:
            send_mail(subject, message, None, addresses)
        except Exception:  # the decision stands; the failure is logged for the site admin
            logger.exception("notification e-mail failed: %s", subject)

    transaction.on_commit(send)


def _notify_reviewers(article, *, level):
    reviewers = (
        get_user_model()
        .objects.with_perm(f"news.review_level_{level}", include_superusers=False)
        .exclude(pk=article.created_by_id)
    )
    _send(
        reviewers,
        _("待%(level)s：%(title)s") % {"level": REVIEW_LEVEL_NAMES[level], "title": article.title},
        _("稿件《%(title)s》等待%(level)s。\n\n%(url)s")
        % {
            "title": article.working_copy().title,
            "level": REVIEW_LEVEL_NAMES[level],
            "url": _admin_url(article),
        },
    )


def _notify_author(article, *, subject, message):
    if article.created_by is not None:
        _send([article.created_by], subject, message)


def _notify_author_published(article):
    _notify_author(
        article,
        subject=_("稿件已发布：%(title)s") % {"title": article.title},
        message=_("您的稿件《%(title)s》已于 %(time)s 在网站发布。\n\n%(url)s")
        % {
            "title": article.title,
            "time": timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M"),
            "url": settings.SITE_URL + article.get_absolute_url(),
        },
    )
