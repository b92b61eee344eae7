from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Article, WorkflowError


class ArticlePagesMixin:
    """What the admin's own pages about one article share (workflow forms, revisions,
    comparison): the article as the user may see it, and the page around it."""

    def visible_article(self, request, object_id):
        queryset = Article.objects.visible_to(request.user).select_related(
            "current_revision", "live_revision"
        )
        try:
            return get_object_or_404(queryset, pk=int(object_id))
        except ValueError:
            raise Http404 from None

    def change_url(self, article):
        return reverse("admin:news_article_change", args=[article.pk])

    def run_step(self, request, step, success):
        """Run step(), a workflow service call, and tell the user how it went: its refusal
        (WorkflowError), or success(stored), what it did and what happens next. Returns the
        stored article the service returned, or None if it was refused."""
        try:
            stored = step()
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(request, success(stored), messages.SUCCESS)
        return stored

    def article_page(self, request, template, **context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, f"admin/news/article/{template}", context)
