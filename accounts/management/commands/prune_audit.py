from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.checks import MINIMUM_RETENTION_DAYS
from accounts.models import SecurityEvent


class Command(BaseCommand):
    help = (
        "删除超过保存期限（AUDIT_RETENTION_DAYS，默认 180 天）的安全审计记录；"
        "更新的记录一条也不删。建议每天由 cron 运行。"
    )

    def handle(self, *args, **options):
        # Never less than the legal minimum, whatever the setting says (a system check
        # refuses such a setting too).
        days = max(settings.AUDIT_RETENTION_DAYS, MINIMUM_RETENTION_DAYS)
        before = timezone.now() - timedelta(days=days)
        removed, _by_model = SecurityEvent.objects.expire(before)
        self.stdout.write(f"删除了 {removed} 条 {days} 天以前的安全审计记录。")
