from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """站内搜索 at /search/: public articles only (published()), by substring — Chinese has no
    word boundaries, so 蔡桥 must find 蔡桥镇 — in title, summary and body text."""

    name = "search"
    verbose_name = _("站内搜索")
