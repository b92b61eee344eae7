from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraditionalConfig(AppConfig):
    """The public site in Traditional characters under /zh-hant/, converted on the server by
    OpenCC: the same pages, the same counts, cached like the Simplified ones."""

    name = "traditional"
    verbose_name = _("繁体版")
