from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """Pieces every page of the site shares: the navigation and its cache, the context
    processor, and the deployment checks of the site as a whole."""

    name = "website"
    verbose_name = _("网站")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
