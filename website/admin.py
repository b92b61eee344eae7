"""The articles' admin as this site has it: news's ArticleAdmin with what the apps above news
add to its change page — the attachments' section and downloads, autosave, the paste from
Word and WPS, and the counting policy under 浏览次数. news cannot import them (it is below
them, docs/developers/architecture.md); the site, on top, puts them together."""

from django.contrib import admin

from attachments.admin import AttachmentsAdminMixin
from attachments.forms import AttachmentsFormMixin
from autosave.admin import AutosaveAdminMixin
from news.admin.articles import ArticleAdmin
from news.admin.forms import ArticleAdminForm
from news.models import Article
from readership.policy import policy_text
from wordpaste.admin import WordPasteAdminMixin


class SiteArticleForm(AttachmentsFormMixin, ArticleAdminForm):
    class Meta(ArticleAdminForm.Meta):
        # Shown under the read-only 浏览次数: the counting policy as the settings make it.
        help_texts = {"view_count": policy_text()}


@admin.register(Article)
class SiteArticleAdmin(
    AttachmentsAdminMixin, AutosaveAdminMixin, WordPasteAdminMixin, ArticleAdmin
):
    form = SiteArticleForm
