from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """互动交流: what residents send the town (a letter to the 镇长信箱, a question or complaint,
    an 依申请公开 application) as cases — each with a number the resident keeps and a secret
    code to look it up, its writer's contact kept private, a state, a handler, every step on
    record, and a deadline counted in working days (core.workdays)."""

    name = "cases"
    verbose_name = _("互动交流")
