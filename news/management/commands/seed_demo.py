import random
from datetime import datetime, time, timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw

from news.demo_content import ARTICLES, COLUMNS
from news.models import Article, Column

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "caiqiao-demo-2026"

COLOURS = {
    "green": ((46, 125, 50), (165, 214, 167)),
    "blue": ((21, 101, 192), (144, 202, 249)),
    "orange": ((230, 81, 0), (255, 204, 128)),
    "red": ((183, 28, 28), (239, 154, 154)),
    "teal": ((0, 105, 92), (128, 203, 196)),
}


class Command(BaseCommand):
    help = "填充演示数据：栏目、30 多篇示例文章和演示管理员账号。可重复运行，已有文章不会重复创建。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="DEBUG 关闭（生产环境）时也填充。只用于演示服务器。",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG 已关闭，这像是生产环境：拒绝填充演示数据。确有需要请加 --force。"
            )
        with transaction.atomic():
            columns = self.seed_columns()
            created = self.seed_articles(columns)
            self.seed_user()
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据就绪：{len(columns)} 个栏目，新建 {created} 篇文章，"
                f"共 {Article.objects.count()} 篇。"
            )
        )
        self.stdout.write(
            self.style.WARNING(
                f"演示管理员账号：用户名 {DEMO_USERNAME}  密码 {DEMO_PASSWORD}"
                "  后台 http://127.0.0.1:8000/admin/"
            )
        )

    def seed_columns(self):
        columns = {}
        for item in COLUMNS:
            columns[item["slug"]], _ = Column.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "description": item["description"],
                    "order": item["order"],
                },
            )
        return columns

    def seed_articles(self, columns):
        existing = set(Article.objects.values_list("title", flat=True))
        now = timezone.localtime().replace(second=0, microsecond=0)
        created = 0
        for item in ARTICLES:
            if item["title"] in existing:
                continue
            # A stable random source per article: the same title gets the same counts and cover.
            rng = random.Random(item["title"])
            article = Article(
                title=item["title"],
                column=columns[item["column"]],
                summary=item["summary"],
                body="".join(f"<p>{escape(text)}</p>" for text in item["paragraphs"]),
                source=item["source"],
                author_name=item["author"],
                editor_name=item["editor"],
                status=Article.Status.PUBLISHED,
                publish_at=min(now, self.publish_time(now, item)),
                pinned=item["pinned"],
                headline=item["headline"],
                view_count=rng.randint(20, 400) + item["days_ago"] * rng.randint(1, 6),
            )
            if item["cover"]:
                article.cover = self.cover_image(item["cover"], rng)
            article.save()
            created += 1
        return created

    @staticmethod
    def publish_time(now, item):
        hour, minute = map(int, item["time"].split(":"))
        day = (now - timedelta(days=item["days_ago"])).date()
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    @staticmethod
    def cover_image(colour, rng):
        """A simple landscape (sky gradient, hills, sun), drawn so the demo needs no photos."""
        dark, light = COLOURS[colour]
        width, height = 1280, 800
        image = Image.new("RGB", (width, height))
        draw = ImageDraw.Draw(image)
        for y in range(height):
            share = y / height
            draw.line(
                [(0, y), (width, y)],
                fill=tuple(int(light[i] * (1 - share) + dark[i] * share) for i in range(3)),
            )
        sun_x, sun_y = rng.randint(200, 1080), rng.randint(120, 260)
        draw.ellipse([sun_x - 70, sun_y - 70, sun_x + 70, sun_y + 70], fill=(255, 241, 200))
        for layer in range(3):
            base = 480 + layer * 90
            points = [(0, height)]
            for x in range(0, width + 160, 160):
                points.append((x, base - rng.randint(0, 140)))
            points.append((width, height))
            shade = tuple(max(0, c - 35 * (layer + 1)) for c in dark)
            draw.polygon(points, fill=shade)
        output = BytesIO()
        image.save(output, format="PNG")
        return ContentFile(output.getvalue(), name="cover.png")

    def seed_user(self):
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"},
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
