import random
from datetime import timedelta
from itertools import cycle, islice

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from news.models import Article, AuditRecord, Column, Revision
from news.sanitize import plain_text
from readership.models import DailyViews
from website.demo_content import ARTICLES, COLUMNS


class Command(BaseCommand):
    help = (
        "批量生成已发布文章（用于容量和性能测试），例如 --articles 100000。"
        "用批量插入：每篇文章带一个版本、一条导入记录和与累计数相符的每日浏览。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="生成多少篇（默认 1000）")
        parser.add_argument("--batch", type=int, default=2000, help="每批插入多少篇")
        parser.add_argument("--days", type=int, default=3650, help="发布时间分布在最近多少天")
        parser.add_argument(
            "--force", action="store_true", help="不是演示站点（DEMO_SITE 未开启）时也运行"
        )

    def handle(self, *args, articles, batch, days, force, **options):
        if not settings.DEMO_SITE and not force:
            raise CommandError(
                "这不是演示站点（DEMO_SITE 未开启），像是生产环境：拒绝批量生成测试文章。"
                "确有需要请加 --force。"
            )
        if articles < 1 or batch < 1:
            raise CommandError("--articles 和 --batch 必须是正整数。")
        rng = random.Random(articles)
        columns = self.columns()
        author, _ = get_user_model().objects.get_or_create(
            username="bulk-import", defaults={"is_active": False}
        )
        paragraphs = cycle([p for item in ARTICLES for p in item["paragraphs"]])
        now = timezone.now().replace(second=0, microsecond=0)
        start = Article.objects.count()
        created = 0
        while created < articles:
            size = min(batch, articles - created)
            with transaction.atomic():
                self.insert_batch(
                    start + created, size, columns, author, paragraphs, now, days, rng
                )
            created += size
            self.stdout.write(f"已生成 {created}/{articles}")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # As autovacuum would soon: planner statistics and the visibility map for
            # index-only counts.
            with connection.cursor() as cursor:
                for model in (Article, Revision, AuditRecord, DailyViews):
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        self.stdout.write(self.style.SUCCESS(f"完成：共 {Article.objects.count()} 篇文章。"))

    def columns(self):
        for item in COLUMNS:
            Column.objects.get_or_create(
                slug=item["slug"],
                defaults={key: item[key] for key in ("name", "description", "order")},
            )
        return list(Column.objects.all())

    def insert_batch(self, offset, size, columns, author, paragraphs, now, days, rng):
        new = []
        for number in range(offset + 1, offset + size + 1):
            publish_at = now - timedelta(minutes=rng.randrange(days * 24 * 60))
            body = "".join(f"<p>{escape(text)}</p>" for text in islice(paragraphs, 3))
            new.append(
                Article(
                    title=f"批量测试文章 {number} 号：镇村工作动态与便民服务信息",
                    column=columns[number % len(columns)],
                    summary="批量生成的测试文章，用于检验网站在大量内容下的速度。",
                    body=body,
                    body_text=plain_text(body),  # bulk_create skips save(), which derives it
                    status=Article.Status.PUBLISHED,
                    publish_at=publish_at,
                    first_published_at=publish_at,
                    view_count=rng.randrange(2000),
                    created_by=author,
                    pinned=number % 5000 == 0,
                    headline=number % 2000 == 0,
                )
            )
        new = Article.objects.bulk_create(new)
        revisions = Revision.objects.bulk_create(
            Revision(
                article=article,
                number=1,
                created_by=author,
                note="批量生成",
                **{name: getattr(article, name) for name in Article.CONTENT_FIELDS},
            )
            for article in new
        )
        table, revision_table = Article._meta.db_table, Revision._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET current_revision_id = r.id, live_revision_id = r.id "
                f"FROM {revision_table} r WHERE r.article_id = {table}.id "
                f"AND {table}.id BETWEEN %s AND %s",
                [new[0].pk, new[-1].pk],
            )
        AuditRecord.objects.bulk_create(
            AuditRecord(
                article=article,
                revision=revision,
                action=AuditRecord.Action.IMPORT,
                from_status="",
                to_status=Article.Status.PUBLISHED,
                actor=author,
                reason="批量生成的测试文章",
            )
            for article, revision in zip(new, revisions, strict=True)
        )
        DailyViews.objects.bulk_create(
            DailyViews(
                article=article,
                date=timezone.localtime(article.publish_at).date(),
                views=article.view_count,
            )
            for article in new
            if article.view_count
        )
