from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from news.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "按 news/roles.py 的定义重建角色组（撰稿人、初审、复审、终审、站点管理员、审计员）"
        "及其权限。"
    )

    def handle(self, *args, **options):
        missing = sync_roles(Group, Permission)
        for permission in missing:
            self.stderr.write(
                self.style.WARNING(f"权限不存在，已跳过：{permission}（请先 migrate）")
            )
        self.stdout.write(self.style.SUCCESS(f"已同步 {len(ROLES)} 个角色。"))
