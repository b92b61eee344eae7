from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Inspection-readiness (政府网站检查指标): each column's type and update period, the clock
    that says how long each column and the home page have left before an inspector would call
    them stale, and the blank columns."""

    name = "compliance"
    verbose_name = _("网站检查")
