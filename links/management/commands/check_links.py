from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from links import checker
from news.models import Article


class Command(BaseCommand):
    help = (
        "检查公开文章中的每个链接和图片（站内的在本机直接检查，站外的限量、限速地访问），"
        "保存结果；失效的列在后台“失效链接”。每天运行一次即可（cron）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article", type=int, action="append", metavar="ID", help="只检查这篇文章（可重复）"
        )
        parser.add_argument(
            "--internal-only", action="store_true", help="只检查站内地址，不访问其他网站"
        )

    def handle(self, *args, article=None, internal_only=False, **options):
        articles = Article.objects.filter(pk__in=article) if article else None
        try:
            report = checker.run(articles=articles, external=not internal_only)
        except checker.SiteAddressError as error:
            raise CommandError(str(error)) from None
        counts = {"articles": report.articles, "internal": report.internal,
                  "external": report.external}  # fmt: skip
        checked = _(
            "检查了 %(articles)s 篇公开文章：站内地址 %(internal)s 个，站外地址 %(external)s 个。"
        )
        self.stdout.write(checked % counts)
        for host, count in sorted(report.waiting.items()):
            self.stdout.write(
                _("%(host)s 本次已达访问上限，另有 %(count)s 个地址留待下次检查。")
                % {"host": host, "count": count}
            )
        for link in report.broken:
            self.stdout.write(
                f"  {_('失效')}：{link.article_id}《{link.article.title}》"
                f"{link.get_kind_display()} {link.url} — {link.problem()}"
            )
        summary = _("失效 %(broken)s 个（本次新发现 %(new)s 个），已修复 %(fixed)s 个。") % {
            "broken": len(report.broken),
            "new": report.newly_broken,
            "fixed": report.fixed,
        }
        self.stdout.write((self.style.WARNING if report.broken else self.style.SUCCESS)(summary))
