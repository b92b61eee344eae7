from django.core.management.base import BaseCommand

from news import services


class Command(BaseCommand):
    help = (
        "记录到点发布的文章并通知撰稿人。请每分钟运行一次（cron 或 systemd timer）；"
        "文章按时出现在网站上不依赖它。"
    )

    def handle(self, *args, **options):
        published = services.publish_due()
        for article in published:
            self.stdout.write(f"已发布：{article.pk} {article.title}")
        self.stdout.write(self.style.SUCCESS(f"本次发布 {len(published)} 篇。"))
