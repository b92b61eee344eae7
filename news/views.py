from itertools import groupby

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import DetailView, ListView, TemplateView

from . import services
from .models import Article, Column

HOME_HEADLINES = 5
HOME_PER_COLUMN = 6


class PublishedArticleMixin:
    """Every public page starts from Article.objects.published()."""

    def get_queryset(self):
        return Article.objects.published()


class HomeView(PublishedArticleMixin, TemplateView):
    """news/home.html: ``headlines`` and ``column_blocks`` [(column, [articles])]."""

    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        cards = self.get_queryset().for_cards()
        latest = (
            cards.filter(column__visible=True)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("column_id"),
                    order_by=[F("pinned").desc(), F("publish_at").desc(), F("id").desc()],
                )
            )
            .filter(rank__lte=HOME_PER_COLUMN)
            .order_by("column__order", "column_id", "rank")
        )
        return super().get_context_data(
            headlines=cards.filter(headline=True).in_list_order()[:HOME_HEADLINES],
            column_blocks=[
                (column, list(articles))
                for column, articles in groupby(latest, key=lambda article: article.column)
            ],
            **kwargs,
        )


class ArticleListView(PublishedArticleMixin, ListView):
    """news/article_list.html: ``page_obj``, ``article_list``; ``column`` on column pages.

    A page number out of range or not a number is a 404 (ListView's own rule).
    """

    paginate_by = settings.NEWS_PAGE_SIZE

    def get_queryset(self):
        return super().get_queryset().for_cards().in_list_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
        return context


class ColumnArticleListView(ArticleListView):
    def get(self, request, *args, **kwargs):
        self.column = get_object_or_404(Column, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(column=self.column)

    def get_context_data(self, **kwargs):
        return super().get_context_data(column=self.column, **kwargs)


@method_decorator(cache_control(no_cache=True, max_age=0), name="dispatch")
class ArticleDetailView(PublishedArticleMixin, DetailView):
    """news/article_detail.html: ``article``, ``previous_article``, ``next_article``.

    A GET counts one view before the article is read, so the page shows the count including
    this view. HEAD and anything that is not public count nothing.
    """

    def get_queryset(self):
        return super().get_queryset().select_related("column")

    def get_object(self, queryset=None):
        if self.request.method == "GET" and not services.article_count_view(
            article_id=self.kwargs["pk"]
        ):
            raise Http404
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        previous_article, next_article = self.object.neighbours()
        return super().get_context_data(
            previous_article=previous_article, next_article=next_article, **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(DetailView):
    """news/article_detail.html with ``preview`` set: the latest text exactly as residents
    will see it, for staff who may open the article. Counts nothing; 404 for everyone else."""

    def get_queryset(self):
        if not self.request.user.is_staff:
            return Article.objects.none()
        return Article.objects.visible_to(self.request.user).select_related(
            "column", "current_revision"
        )

    def get_object(self, queryset=None):
        return super().get_object(queryset).working_copy()

    def get_context_data(self, **kwargs):
        previous_article, next_article = self.object.neighbours()
        return super().get_context_data(
            preview=True, previous_article=previous_article, next_article=next_article, **kwargs
        )
