from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.times import format_minute
from imports.html_pages import selector
from imports.importer import DUPLICATE, FAILED, IMPORTED, Run
from imports.legacy import ImportFailure
from inbox.delivery import muted
from news.models import Column


class Command(BaseCommand):
    help = (
        "导入旧网站导出的文章：纯文本文件（第一行标题，第二行发布时间，可带浏览次数，其后是正文）"
        "和保存下来的网页（.html/.htm）。PATH 可以是文件或文件夹（含子文件夹）。"
        "默认导入为草稿，由 --by 指定的撰稿人检查后提交审核。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹")
        parser.add_argument("--column", required=True, metavar="SLUG", help="导入到哪个栏目")
        parser.add_argument(
            "--status",
            choices=["draft", "published"],
            default="draft",
            help="draft（默认）：导入为草稿，等待审核；published：按原发布时间直接上线",
        )
        parser.add_argument(
            "--by",
            required=True,
            metavar="USERNAME",
            help="导入的文章算作谁的稿件（草稿只有本人能修改和提交审核）",
        )
        parser.add_argument("--t2s", action="store_true", help="繁体转简体（OpenCC t2s）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument("--title", metavar="CSS", help="网页中标题所在元素的 CSS 选择器")
        parser.add_argument("--date", metavar="CSS", help="网页中发布时间所在元素的 CSS 选择器")
        parser.add_argument("--body", metavar="CSS", help="网页中正文所在元素的 CSS 选择器")

    def handle(self, *args, paths, column, status, by, t2s, dry_run, **options):
        try:
            column = Column.objects.get(slug=column)
        except Column.DoesNotExist:
            raise CommandError(f"没有别名为“{column}”的栏目。") from None
        user = self.importing_user(by)
        selectors = {name: options[name] for name in ("title", "date", "body") if options[name]}
        for name, css in selectors.items():
            try:
                selector(css, f"--{name}")
            except ImportFailure as failure:
                raise CommandError(str(failure)) from None
        run = Run(column=column, by=user, publish=status == "published", t2s=t2s,
                  dry_run=dry_run, selectors=selectors)  # fmt: skip
        if dry_run:
            self.stdout.write("试运行：只检查和报告，什么也不写入。")
        counts = {IMPORTED: 0, DUPLICATE: 0, FAILED: 0}
        # Old articles are news to nobody: no e-mail or message. Their audit events are real
        # and go to the audit log stream as usual (stderr by default, not among these lines).
        with muted():
            try:
                for outcome in run.run(paths):
                    counts[outcome.result] += 1
                    self.report(outcome, dry_run)
            except FileNotFoundError as missing:
                raise CommandError(f"找不到 {missing}。") from None
        verb = "可导入" if dry_run else "导入"
        summary = (
            f"共 {sum(counts.values())} 个文件：{verb} {counts[IMPORTED]} 篇"
            f"（{'草稿' if status == 'draft' else '直接上线'}，栏目“{column.name}”），"
            f"跳过 {counts[DUPLICATE]} 个（重复），失败 {counts[FAILED]} 个。"
        )
        self.stdout.write(self.style.SUCCESS(summary) if not counts[FAILED] else summary)
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} 个文件导入失败，见上面的“失败”行。")

    def importing_user(self, username):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"没有用户名为“{username}”的账号。") from None
        if not user.is_active or not user.has_perm("news.change_article"):
            raise CommandError(f"“{username}”没有撰写稿件的权限（需要撰稿人角色或超级管理员）。")
        return user

    def report(self, outcome, dry_run):
        legacy = outcome.article
        what = ""
        if legacy is not None:
            when = format_minute(legacy.publish_at)
            views = "" if legacy.view_count is None else f"，浏览 {legacy.view_count}"
            what = f"《{legacy.title}》（{when}{views}）"
        where = f"{outcome.path}  {what}" if what else str(outcome.path)
        if outcome.result == IMPORTED:
            self.stdout.write(self.style.SUCCESS(f"{'将导入' if dry_run else '已导入'}  {where}"))
            # What text_quality changed (stored so) and what it left for the reviewer.
            for change in outcome.repairs:
                self.stdout.write(
                    f"    已修复（{change.what}）：“{change.before}” → “{change.after}”"
                )
            for flag in outcome.flags:
                self.stdout.write(self.style.WARNING(f"    待核对：{flag.what}：“{flag.snippet}”"))
        elif outcome.result == DUPLICATE:
            self.stdout.write(f"跳过（重复）  {where}：{outcome.reason}")
        else:
            self.stdout.write(self.style.ERROR(f"失败  {where}：{outcome.reason}"))
