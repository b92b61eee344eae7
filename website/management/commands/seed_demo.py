import random
from datetime import datetime, time, timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw

from accounts.demo import DEMO_PASSWORD
from attachments.forms import store_attachment
from compliance.common_mistakes import add_common_mistakes
from core import audit
from inbox.delivery import muted
from news import services
from news.models import Article, Column, SiteSettings
from readership.models import DailyViews
from website.demo_content import ARTICLES, COLUMNS

DEMO_USERNAME = "admin"  # a superuser, for trying everything
# One account per role (the groups are made after migrate: accounts.roles).
DEMO_ACCOUNTS = [
    ("zhuangao", "撰稿人", "刘敏"),
    ("chushen", "初审", "王强"),
    ("fushen", "复审", "陈静"),
    ("zhongshen", "终审", "赵立"),
    ("guanli", "站点管理员", "孙涛"),
    ("shenji", "审计员", "周红"),
]
# Articles left part-way through the workflow, so that every queue has something in it.
IN_PROGRESS = [
    ("关于开展冬季森林防火巡查的通知（草稿）", "tzgg", 0),
    ("蔡桥镇2026年度民生实事项目征集启事", "tzgg", 1),
    ("镇农技站开展油菜冬季田间管理技术指导", "gzdt", 2),
]

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
            help="不是演示站点（DEMO_SITE 未开启）时也填充。只用于演示服务器。",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEMO_SITE and not force:
            raise CommandError(
                "这不是演示站点（DEMO_SITE 未开启），像是生产环境：拒绝填充演示数据。"
                "确有需要请加 --force。"
            )
        # The made-up workflow sends no e-mail; its audit events are stored, not printed.
        with muted(), audit.unlogged(), transaction.atomic():
            site = SiteSettings.load()  # three review levels by default
            if not site.organization_code:  # a made-up code for the demo's 索引号
                site.organization_code = "43052300"
                site.save(update_fields=["organization_code"])
            users = self.seed_users()
            add_common_mistakes()  # the pre-publication checks' starting 错敏词
            columns = self.seed_columns()
            created = self.seed_articles(columns, author=users["zhuangao"])
            self.seed_in_progress(columns, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据就绪：{len(columns)} 个栏目，新建 {created} 篇文章，"
                f"共 {Article.objects.count()} 篇。"
            )
        )
        accounts = [(DEMO_USERNAME, "超级管理员")] + [(u, role) for u, role, _ in DEMO_ACCOUNTS]
        self.stdout.write(
            self.style.WARNING(
                f"演示账号（密码都是 {DEMO_PASSWORD}，后台 {settings.SITE_URL}/admin/）：\n"
                + "\n".join(f"  {role:<6} {username}" for username, role in accounts)
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
                    "requires_disclosure": item.get("requires_disclosure", False),
                    "kind": item.get("kind", "other"),
                },
            )
        return columns

    def seed_articles(self, columns, author):
        existing = set(Article.objects.values_list("title", flat=True))
        now = timezone.localtime().replace(second=0, microsecond=0)
        created = 0
        created_notice_attachment = False
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
                pinned=item["pinned"],
                headline=item["headline"],
            )
            if item["cover"]:
                article.cover = self.cover_image(item["cover"], rng)
                article.cover_alt = f"{item['title']}配图"
            publish_at = min(now, self.publish_time(now, item))
            if article.column.requires_disclosure:
                self.fill_disclosure(article, item, publish_at)
            parts = None
            if item["column"] == "tzgg" and not created_notice_attachment:
                attachment = self.demo_attachment(item["title"], author)
                parts = {"attachments": [(attachment, item["title"])]}
                created_notice_attachment = True
            article = services.article_import_published(
                article=article,
                by=author,
                publish_at=publish_at,
                reason="演示数据",
                parts=parts,
            )
            views = rng.randint(20, 400) + item["days_ago"] * rng.randint(1, 6)
            self.seed_views(article, views, rng)
            created += 1
        return created

    @staticmethod
    def fill_disclosure(article, item, publish_at):
        """政务公开信息 for a demo article of a column that requires it (索引号 comes from the
        pattern when the article is saved)."""
        year = publish_at.year
        number = Article.objects.filter(column=article.column).count() + 1
        article.document_number = f"蔡政发〔{year}〕{number}号"
        article.written_on = (publish_at - timedelta(days=2)).date()
        article.topic = item["topic"]
        article.validity = "valid"

    @staticmethod
    def demo_attachment(title, author):
        """A one-page PDF standing for the notice's official document."""
        text = "Caiqiao demo attachment"
        stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
            + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]  # fmt: skip
        output, offsets = bytearray(b"%PDF-1.4\n"), []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(output))
            output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(output)
        output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
        trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R >>"
        output += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
        return store_attachment(ContentFile(bytes(output), name=f"{title}.pdf"), author)

    @staticmethod
    def seed_views(article, views, rng):
        """Spread views over the days since publication (most in the first days), so that the
        statistics have history and the days add up to the total."""
        first_day = timezone.localtime(article.publish_at).date()
        days = [first_day + timedelta(days=n)
                for n in range(min((timezone.localdate() - first_day).days + 1, 90))]  # fmt: skip
        weights = [rng.random() / (n + 1) for n in range(len(days))]
        shares = [int(views * weight / sum(weights)) for weight in weights]
        shares[0] += views - sum(shares)
        DailyViews.objects.bulk_create(
            DailyViews(article=article, date=day, views=share)
            for day, share in zip(days, shares, strict=True)
            if share
        )
        Article.objects.filter(pk=article.pk).update(view_count=views)

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

    def seed_users(self):
        User = get_user_model()
        admin, _ = User.objects.get_or_create(username=DEMO_USERNAME)
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        users = {}
        for username, role, name in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.email = name, f"{username}@example.com"
            user.is_staff, user.is_active = True, True
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            users[username] = user
        return users

    def seed_in_progress(self, columns, users):
        """A draft, one waiting for 初审 and one waiting for 复审."""
        author = users["zhuangao"]
        for title, column, stage in IN_PROGRESS:
            if Article.objects.filter(title=title).exists():
                continue
            article = services.article_save(
                article=Article(
                    title=title,
                    column=columns[column],
                    body=f"<p>{escape(title)}。详细内容正在撰写，请审核人员把关。</p>",
                    author_name=author.first_name,
                ),
                by=author,
            )
            if stage >= 1:
                services.article_submit(article=article, by=author)
            if stage >= 2:
                services.article_approve(
                    article=article,
                    by=users["chushen"],
                    revision_id=Article.objects.get(pk=article.pk).current_revision_id,
                )
