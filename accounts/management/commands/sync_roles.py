from django.core.management.base import BaseCommand

from accounts.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "按 accounts/roles.py 的定义重建角色组（撰稿人、初审、复审、终审、站点管理员、审计员）"
        "及其权限。每次 migrate 之后也会自动执行。"
    )

    def handle(self, *args, **options):
        for permission in sync_roles():
            self.stderr.write(
                self.style.WARNING(f"权限不存在，已跳过：{permission}（请先 migrate）")
            )
        self.stdout.write(self.style.SUCCESS(f"已同步 {len(ROLES)} 个角色。"))
