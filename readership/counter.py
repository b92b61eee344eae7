"""The one counting statement: a view adds one to an article's total and to its day, and only if
the article is public.

"Public" is news' Article.objects.published(), compiled into the statement: the UPDATE touches
the row only if the article is among published(). published() goes in whole, as a subquery, so
whatever shape it takes (a join to the column, an EXISTS) the counter stays right; a shape that
cannot be made into such a statement stops the site at start-up (readership.checks) rather than
failing on the first reader.
"""

import functools
import hashlib
import re
import weakref
from datetime import UTC, datetime

from django.db import connections, transaction
from django.utils import timezone

from news.models import Article

from .models import DailyViews


def count_view(*, article_id, count=True):
    """The view count and version (updated_at) of a public article, or None if it is not public.

    With count, one view is added first: the total (view_count = view_count + 1, never read,
    added to and saved) and the day's row (an upsert) in one transaction, so concurrent views
    are neither lost nor doubled and the total stays the sum of the days. On PostgreSQL this is
    one statement. Whether a request should count is readership.policy's business.
    """
    if not count:
        return (
            Article.objects.published()
            .filter(pk=article_id)
            .values_list("view_count", "updated_at")
            .first()
        )
    connection = connections[Article.objects.db]
    statements = counting_statements(connection.alias)
    params = statements.params(article_id, connection)
    today = timezone.localdate()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _execute_prepared(cursor, connection, statements.sql[0], [*params, today])
            return cursor.fetchone()
        update, insert_day = statements.sql
        with transaction.atomic(using=connection.alias):
            cursor.execute(update, params)
            row = cursor.fetchone()
            if row is None:
                return None
            cursor.execute(insert_day, [row[0], today])
        # SQLite gives the raw text of the time; the version is compared with the model's.
        updated_at = connection.ops.convert_datetimefield_value(
            row[2], Article._meta.get_field("updated_at"), connection
        )
        return row[1], updated_at


_NOW, _ID = object(), object()
# The statements prepared on each PostgreSQL connection, by name.
_PREPARED = weakref.WeakKeyDictionary()


def _execute_prepared(cursor, connection, statement, params):
    """Run statement as a server-side prepared statement: the hottest statement of the site is
    planned once per connection instead of once per view. Its name comes from its text, so a
    changed statement is prepared anew. (Not for a pgbouncer in transaction mode, which does
    not keep prepared statements.)"""
    raw = connection.connection
    name = "count_view_" + hashlib.sha1(statement.encode()).hexdigest()[:12]
    prepared = _PREPARED.setdefault(raw, set())
    if name not in prepared:
        numbered = iter(range(1, len(params) + 1))
        body = re.sub(r"%s", lambda _: f"${next(numbered)}", statement).replace("%%", "%")
        cursor.execute(f"PREPARE {name} AS {body}")
        prepared.add(name)
    cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params)


class CountingStatements:
    """The SQL of a counted view for one database and the parameters of published() in it, with
    placeholders for the time and the article id."""

    def __init__(self, sql, params):
        self.sql, self._params = sql, params

    def params(self, article_id, connection):
        now = Article._meta.get_field("publish_at").get_db_prep_value(timezone.now(), connection)
        return [{_NOW: now, _ID: article_id}.get(param, param) for param in self._params]


@functools.cache
def counting_statements(alias):
    """Built once per process from the one definition of public (compiling published() per view
    cost more than the statement itself): on PostgreSQL one statement (the day's date is its last
    parameter), on SQLite the total's UPDATE and the day's upsert."""
    connection = connections[alias]
    sentinel_time = datetime(1999, 9, 9, 9, 9, 9, tzinfo=UTC)
    sentinel_id = -987654321
    public = (
        Article.objects.published(now=sentinel_time).filter(pk=sentinel_id).order_by().values("pk")
    )
    subquery, params = public.query.get_compiler(connection=connection).as_sql()
    prepared_time = Article._meta.get_field("publish_at").get_db_prep_value(
        sentinel_time, connection
    )
    placeholders = {prepared_time: _NOW, sentinel_id: _ID}
    params = [placeholders.get(param, param) for param in params]
    if _ID not in params or _NOW not in params:
        raise ValueError(
            "published() no longer filters by the article and the time it is given; "
            "readership.counter cannot count with it."
        )
    quote = connection.ops.quote_name
    table, daily = quote(Article._meta.db_table), quote(DailyViews._meta.db_table)
    update = (
        f"UPDATE {table} SET view_count = view_count + 1 WHERE id IN ({subquery}) "
        "RETURNING id, view_count, updated_at"
    )
    upsert = f"ON CONFLICT (article_id, date) DO UPDATE SET views = {daily}.views + 1"
    if connection.vendor == "postgresql":
        sql = (
            f"WITH counted AS ({update}), daily AS (INSERT INTO {daily} (article_id, date, views) "
            f"SELECT id, %s::date, 1 FROM counted {upsert}) "
            "SELECT view_count, updated_at FROM counted",
        )
    else:
        sql = (
            update,
            f"INSERT INTO {daily} (article_id, date, views) VALUES (%s, %s, 1) {upsert}",
        )
    return CountingStatements(sql, params)


def keep_old_views(article, view_count):
    """An old site's count, given to an article just imported (import_articles). As
    when daily counts began (migration news 0004), the views of unknown days go to the
    publication day, so that the total stays the sum of its days (DailyViews)."""
    if view_count:
        DailyViews.objects.create(
            article=article, date=timezone.localtime(article.publish_at).date(), views=view_count
        )
        Article.objects.filter(pk=article.pk).update(view_count=view_count)
        article.view_count = view_count
    return article
