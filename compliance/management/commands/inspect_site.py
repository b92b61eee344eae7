"""manage.py inspect_site [--json PATH]: the inspection report (compliance.report), printed;
written as JSON with --json; kept as a 网站检查报告 in the admin. What newly turned red since
the last run is sent to the site admins and auditors (消息 and e-mail). Exit status 2 when a
veto threshold is reached or personal data is online, 3 when a veto threshold will be reached
within the warning window, else 0 (1: the command itself failed) — for cron."""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import AUDITOR, SITE_ADMIN
from compliance.models import InspectionRun
from compliance.report import build_report
from core.notify import notify
from core.times import format_minute


class Command(BaseCommand):
    help = (
        "网站检查：栏目更新、空白栏目、首页更新、公开文章中的个人信息、错敏词和乱码、失效链接、"
        "发布后修改的发布时间。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", metavar="PATH", help="把报告另存为 JSON 文件")

    def handle(self, *args, **options):
        report = build_report()
        data = report.as_json()
        self.stdout.write(self.text(report))
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=2)
        previous = InspectionRun.objects.first()
        InspectionRun.objects.create(status=report.status, reds=report.red_keys, report=data)
        known = set(previous.reds) if previous else set()
        new_reds = [
            text for key, text in zip(report.red_keys, report.reds, strict=True) if key not in known
        ]
        if new_reds:
            self.tell(new_reds)
        if report.exit_code:
            sys.exit(report.exit_code)

    def tell(self, reds):
        people = (
            get_user_model()
            .objects.filter(groups__name__in=[SITE_ADMIN, AUDITOR], is_active=True)
            .distinct()
        )
        notify(
            people,
            subject=_("网站检查：发现 %(count)s 项红色问题") % {"count": len(reds)},
            text="\n".join(reds),
            link=reverse("admin:compliance_inspectionrun_changelist"),
        )

    def text(self, report):
        clock = report.clock
        lines = [
            _("网站检查 %(time)s：%(status)s")
            % {
                "time": format_minute(report.now),
                "status": report.status_label,
            },
        ]
        lines += [f"  ● {red}" for red in report.reds]
        lines += [f"  ○ {amber}" for amber in report.ambers]
        if clock.home_last:
            lines.append(_("首页：最近更新 %(days)s 天前") % {"days": clock.home_days_since})
        for entry in clock.columns:
            left = "-" if entry.days_left is None else entry.days_left
            since = "-" if entry.days_since is None else entry.days_since
            lines.append(
                _("栏目 %(name)s（%(kind)s）：%(state)s，%(since)s 天前更新，剩余 %(left)s 天")
                % {
                    "name": entry.column.name,
                    "kind": entry.column.get_kind_display(),
                    "state": entry.state_label,
                    "since": since,
                    "left": left,
                }  # fmt: skip
            )
        garbled = [
            (article, finding) for article, findings in report.findings
            for finding in findings if finding.kind == "garbled"
        ]  # fmt: skip
        if garbled:
            lines.append(_("有乱码或繁体残留的文章：%(count)s 篇")
                         % {"count": len({article.pk for article, _f in garbled})})  # fmt: skip
        for article, finding in garbled:
            lines.append(_("  乱码：《%(title)s》%(finding)s")
                         % {"title": article.title, "finding": finding.text})  # fmt: skip
        for record in report.moved_times:
            lines.append(
                _("发布后修改发布时间：《%(title)s》%(time)s %(who)s：%(reason)s")
                % {
                    "title": record.article.title,
                    "time": format_minute(record.at),
                    "who": record.actor or _("系统"),
                    "reason": " ".join(record.reason.split()),
                }  # fmt: skip
            )
        return "\n".join(lines)
