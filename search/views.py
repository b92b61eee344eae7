from urllib.parse import urlencode

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _
from django.views.generic import ListView

from news.models import Column
from news.views import PublishedArticleMixin
from traditional.convert import to_simplified
from traditional.pages import ScriptMixin

from .query import MAX_QUERY_LENGTH, MAX_RESULTS, Results, snippet, words_of

QUERY_CANCELED = "57014"  # PostgreSQL's query_canceled, as a statement timeout raises it


class SearchView(ScriptMixin, PublishedArticleMixin, ListView):
    """search/results.html: ``query``, ``words``, ``column`` (the filter, or None),
    ``columns`` (for the filter), ``message`` (a query too long), and ``page_obj`` of results,
    each with ``snippet``. No query: the form alone."""

    http_method_names = ["get", "head", "options"]  # the search form is a GET
    template_name = "search/results.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        """The query is answered within settings.SEARCH_TIMEOUT_MS on PostgreSQL: one that would
        take longer (a very common single character in 100,000 articles) is stopped and the
        reader asked for a more specific word, instead of holding a worker."""
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        timeout = settings.SEARCH_TIMEOUT_MS
                        cursor.execute("SET LOCAL statement_timeout = %s", [timeout])
                return self.search(request, *args, **kwargs)
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) != QUERY_CANCELED:
                raise
        self.words = []
        self.message = _("这个词太常见，一时找不完。请再加一个词，或换一个更具体的词。")
        return super().get(request, *args, **kwargs)

    def search(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())
        self.column = Column.objects.filter(slug=request.GET.get("column") or None).first()
        self.message = ""
        if len(self.query) > MAX_QUERY_LENGTH:
            self.message = _("搜索词太长（%(n)s 个字），请不超过 %(limit)s 个字。") % {
                "n": len(self.query), "limit": MAX_QUERY_LENGTH}  # fmt: skip
        # Articles are stored in Simplified characters: a query typed in Traditional, on either
        # site, is searched for in Simplified.
        searched = to_simplified(self.query)
        self.words = [] if self.message else words_of(searched)
        response = super().get(request, *args, **kwargs)
        response.render()  # inside the time limit
        return response

    def get_queryset(self):
        if not self.words:
            return super().get_queryset().none()
        queryset = super().get_queryset().select_related("column").defer("body")
        if self.column is not None:
            queryset = queryset.filter(column=self.column)
        return Results(queryset, self.words)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["object_list"]:
            article.snippet = snippet(article, self.words)
        page = context["page_obj"]
        kept = {"q": self.query, **({"column": self.column.slug} if self.column else {})}
        context.update(
            query_prefix=urlencode(kept) + "&",
            query=self.query,
            words=self.words,
            column=self.column,
            columns=Column.objects.filter(visible=True),
            message=self.message,
            capped=page.paginator.count >= MAX_RESULTS,
            page_range=page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),  # fmt: skip
        )
        return context
