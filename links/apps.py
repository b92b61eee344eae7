from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    """The link checker: every link and image in public articles checked by `check_links`, the
    results kept (broken since, fixed at) and the broken ones listed in the admin."""

    name = "links"
    verbose_name = _("链接检查")
