from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """消息: what staff are told about their work (an article waiting for them, returned to
    them, published), kept in the admin for each of them, read or unread, beside the e-mail
    that says the same (inbox.delivery)."""

    name = "inbox"
    verbose_name = _("消息")

    def ready(self):
        from core import notify

        from . import delivery

        notify.delivery.register(delivery.notify)
