"""System checks for the account and audit rules."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# 网络安全法 Art. 21: network logs are kept for no less than six months.
MINIMUM_RETENTION_DAYS = 180


@register()
def audit_retention(app_configs, **kwargs):
    if settings.AUDIT_RETENTION_DAYS < MINIMUM_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}: the security audit "
                f"log must be kept at least {MINIMUM_RETENTION_DAYS} days (网络安全法 Art. 21).",
                id="accounts.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def no_demo_site_in_production(app_configs, **kwargs):
    if settings.DEMO_SITE:
        return [
            Error(
                "DEMO_SITE is on: the demo accounts' shared password opens them. A real site "
                "runs with DEMO_SITE=0.",
                id="accounts.E002",
            )
        ]
    return []
