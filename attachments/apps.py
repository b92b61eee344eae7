from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    """附件: the official documents attached to articles (PDF, Word, WPS, Excel, OFD, ZIP,
    pictures), recognised from their content, stored privately under random names, part of
    the article's revisions, and public only with the approved text."""

    name = "attachments"
    verbose_name = _("附件")

    def ready(self):
        from news.parts import revision_parts

        from .revisions import PART

        revision_parts.register(PART)
