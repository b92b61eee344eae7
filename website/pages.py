"""The public pages of articles: home, the lists, an article, its staff preview, the site map
(the templates news/*.html). Their addresses keep the namespace news: (page_urls)."""

import segno
from django.conf import settings
from django.core import paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from attachments.admin import staff_url
from attachments.models import RevisionAttachment
from news.models import Article, Column
from news.views import PublishedArticleMixin
from readership.page_cache import COUNT_SLOT, counted_page_response
from traditional.pages import ScriptMixin, in_script

HOME_HEADLINES = 5
HOME_PER_COLUMN = 6
RELATED_ARTICLES = 5


class PublicPageMixin(ScriptMixin, PublishedArticleMixin):
    """Every public page of articles starts from Article.objects.published() (news.views) and
    is shown in the script of its address (traditional.pages). Read only: any other method is
    a 405 (website.middleware)."""

    http_method_names = ["get", "head", "options"]


class HomeView(PublicPageMixin, TemplateView):
    """news/home.html: ``headlines`` and ``column_blocks`` [(column, [articles])]."""

    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        cards = self.get_queryset().for_cards().in_list_order()
        # One small indexed query per visible column (a handful): cheaper at 100,000 articles
        # than ranking them all with a window function.
        column_blocks = []
        for column in Column.in_navigation():
            articles = list(cards.filter(column=column)[:HOME_PER_COLUMN])
            if articles:
                column_blocks.append((column, articles))
        return super().get_context_data(
            headlines=cards.filter(headline=True)[:HOME_HEADLINES],
            column_blocks=column_blocks,
            **kwargs,
        )


class Paginator(paginator.Paginator):
    """Pages past the middle are read from the other end of the list (a small OFFSET on the
    reversed order), so the last page of 100,000 articles costs what the first one does."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom <= self.count // 2:
            return super().page(number)
        top = min(bottom + self.per_page, self.count)
        reversed_page = self.object_list.reverse()[self.count - top : self.count - bottom]
        return self._get_page(list(reversed_page)[::-1], number, self)


class ArticleListView(PublicPageMixin, ListView):
    """news/article_list.html: ``page_obj``, ``article_list``; ``column`` on column pages.

    A page number out of range or not a number is a 404 (ListView's own rule).
    """

    paginate_by = settings.NEWS_PAGE_SIZE
    paginator_class = Paginator

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


MAX_ID = 2**63 - 1


class ArticleDetailView(PublicPageMixin, DetailView):
    """news/article_detail.html: ``article``, ``view_count``, ``previous_article``,
    ``next_article``.

    The reader is counted (readership) before anything is read, so the page shows the count
    including this view. The page itself comes from readership's page cache, rendered once per
    article version and minute; previous/next links and the 政策解读 links may therefore lag a
    minute behind a publication elsewhere.
    """

    def get(self, request, *args, **kwargs):
        article_id = self.kwargs["pk"]
        if article_id > MAX_ID:  # beyond any database id; the raw statement would overflow
            raise Http404
        response = counted_page_response(request, article_id, self.render_page)
        if response is None:
            raise Http404
        return response

    def render_page(self):
        """(version, html) of the page, with the count's slot for readership to fill in."""
        self.object = self.get_object()
        context = self.get_context_data(object=self.object, view_count=COUNT_SLOT)
        html = self.render_to_response(context).rendered_content
        return self.object.updated_at, in_script(html)

    def get_queryset(self):
        return (
            super().get_queryset().select_related("column").with_neighbours().with_interpretation()
        )

    def get_context_data(self, **kwargs):
        previous_article, next_article = self.object.neighbours()
        interpreted, interpretation = self.object.policy_links()
        related = (
            Article.objects.published()
            .filter(column=self.object.column_id)
            .exclude(pk=self.object.pk)
            .for_cards()
            .in_list_order()[:RELATED_ARTICLES]
        )
        return super().get_context_data(
            previous_article=previous_article,
            next_article=next_article,
            interpreted=interpreted,
            interpretation=interpretation,
            related_articles=related,
            attachments=attachments_of(self.object.live_revision_id),
            share_qr=share_qr(settings.SITE_URL + self.object.get_absolute_url()),
            **kwargs,
        )


def attachments_of(revision_id, url=None):
    """[(address, name, kind, size)] of a revision's attachments, for the article page; url
    (link) gives each one's address (the public download by default)."""
    links = RevisionAttachment.objects.filter(revision_id=revision_id).select_related("attachment")
    return [
        ((url or RevisionAttachment.get_absolute_url)(link), link.download_name,
         link.attachment.label, link.attachment.size_text())
        for link in links
    ]  # fmt: skip


def share_qr(url):
    """The page's address as a QR code, an inline SVG drawn on the server (segno): a phone
    camera opens the article, and no outside service is asked."""
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2, dark="#000", light="#fff")
    label = escape(_("本页二维码：用手机扫描即可打开本文"))
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


class SiteMapView(ScriptMixin, TemplateView):
    """news/site_map.html (网站地图): ``columns``, every column in the navigation."""

    template_name = "news/site_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=Column.in_navigation(), **kwargs)


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ScriptMixin, DetailView):
    """news/article_detail.html with ``preview`` set: the latest text exactly as residents
    will see it, for staff who may open the article. Counts nothing; 404 for everyone else."""

    def get_queryset(self):
        if not self.request.user.is_staff:
            return Article.objects.none()
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("column", "current_revision")
            .with_neighbours()
            .with_interpretation()
        )

    def get_object(self, queryset=None):
        return super().get_object(queryset).version_for(self.request.user)

    def get_context_data(self, **kwargs):
        previous_article, next_article = self.object.neighbours()
        _row_link, interpretation = self.object.policy_links()
        # The policy the latest text interprets (an edit may name another than the row's).
        interpreted = (
            Article.objects.published().filter(pk=self.object.interprets_id).only("title").first()
        )
        article_id = self.object.pk
        return super().get_context_data(
            interpreted=interpreted,
            interpretation=interpretation,
            attachments=attachments_of(
                self.object.current_revision_id,
                url=lambda link: staff_url(article_id, link),
            ),
            preview=True,
            view_count=self.object.view_count,
            previous_article=previous_article,
            next_article=next_article,
            **kwargs,
        )
