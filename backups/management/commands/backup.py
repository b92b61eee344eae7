from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backups.archive import BackupError, backup


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件（MEDIA_ROOT）到一个新文件夹，附校验和清单 manifest.json。"
        "建议每天由 cron 运行，并把备份复制到另一台机器。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            help="备份写入的新文件夹（默认：./caiqiao-backup-<日期时间>）",
        )

    def handle(self, *args, folder=None, **options):
        folder = folder or f"caiqiao-backup-{timezone.localtime():%Y%m%d-%H%M%S}"
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = "，".join(f"{name} {count}" for name, count in manifest["rows"].items())
        size = sum(entry["bytes"] for entry in manifest["files"].values())
        self.stdout.write(
            f"备份完成：{folder}（{len(manifest['files'])} 个文件，{size} 字节；{rows}）"
        )
