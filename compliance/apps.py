from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Inspection-readiness (政府网站检查指标): each column's type and update period, the clock
    that says how long each column and the home page have left before an inspector would call
    them stale, and the blank columns; the pre-publication checks of what reviewers approve
    (compliance.content, registered with the workflow's news.checks); the inspection report
    (inspect_site) and the annual figures."""

    name = "compliance"
    verbose_name = _("网站检查")

    def ready(self):
        from news.checks import pre_publication_checks

        from .content import pre_publication_check

        pre_publication_checks.register(pre_publication_check)
