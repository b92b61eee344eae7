from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """Who counts as a reader, the one counting statement, daily views, statistics and the
    article page cache."""

    name = "readership"
    verbose_name = _("浏览统计")

    def ready(self):
        from . import checks  # noqa: F401  (registers the counting statement's check)
