from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """`manage.py backup` and `manage.py restore`: the database and the uploads, with a manifest
    of checksums that a restore checks before it starts and after it has finished."""

    name = "backups"
    verbose_name = _("备份与恢复")
