from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.views.generic import ListView

from news.models import Column
from news.views import Paginator, PublishedArticleMixin
from traditional.convert import to_simplified
from traditional.pages import is_traditional

from .query import MAX_QUERY_LENGTH, matching, snippet, words_of


class SearchView(PublishedArticleMixin, ListView):
    """search/results.html: ``query``, ``words``, ``column`` (the filter, or None),
    ``columns`` (for the filter), ``message`` (a query too long), and ``page_obj`` of results,
    each with ``snippet``. No query: the form alone."""

    template_name = "search/results.html"
    paginate_by = 20
    paginator_class = Paginator

    def get(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())
        self.column = Column.objects.filter(slug=request.GET.get("column") or None).first()
        self.message = ""
        if len(self.query) > MAX_QUERY_LENGTH:
            self.message = _("搜索词太长（%(n)s 个字），请不超过 %(limit)s 个字。") % {
                "n": len(self.query), "limit": MAX_QUERY_LENGTH}  # fmt: skip
        # Articles are stored in Simplified characters: a query typed on the Traditional site
        # is searched for in Simplified.
        searched = to_simplified(self.query) if is_traditional() else self.query
        self.words = [] if self.message else words_of(searched)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.words:
            return super().get_queryset().none()
        queryset = super().get_queryset().select_related("column").defer("body")
        if self.column is not None:
            queryset = queryset.filter(column=self.column)
        return matching(queryset, self.words)

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
            page_range=page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),  # fmt: skip
        )
        return context
