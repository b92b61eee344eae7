from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordpasteConfig(AppConfig):
    """从 Word/WPS 粘贴: what a document pasted from Word or WPS keeps (paragraphs, headings, bold,
    lists, tables, pictures, the centred title and right-aligned 落款) and loses (Office's
    styles, fonts, list markup, comments), normalised on the server (news.sanitize.normalisers)."""

    name = "wordpaste"
    verbose_name = _("从 Word 粘贴")

    def ready(self):
        from news import sanitize

        from .normalise import normalise

        sanitize.normalisers.register(normalise)
