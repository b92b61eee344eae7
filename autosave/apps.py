from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutosaveConfig(AppConfig):
    """自动保存: what is typed into a change form is kept as a private draft of its user (on the
    server every 30 seconds and on leaving the page, in the browser at every change), and
    offered back as 恢复未保存的内容 when the form is opened again."""

    name = "autosave"
    verbose_name = _("自动保存")
