from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bringing an old town site in: manage.py import_articles reads its exported text files and
    saved pages and stores them through the workflow's import steps (news.services)."""

    name = "imports"
    verbose_name = _("旧网站导入")
