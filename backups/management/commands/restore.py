from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, restore


class Command(BaseCommand):
    help = (
        "从 backup 命令生成的文件夹恢复到一个空数据库和空的 MEDIA_ROOT："
        "先核对每个文件的校验和，恢复后再核对记录数。"
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="backup 命令生成的备份文件夹")

    def handle(self, *args, folder, **options):
        try:
            manifest, restored = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = "，".join(f"{name} {count}" for name, count in restored.items())
        self.stdout.write(f"恢复完成：{len(manifest['files'])} 个文件校验一致；{rows}")
