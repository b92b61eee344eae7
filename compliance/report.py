"""The inspection report (`inspect_site`, and the admin's 网站检查报告): what a provincial
inspector would fail the site for, found first — stale and blank columns and the home page's
freshness (compliance.clock), personal data and 错敏词 in public articles and their
attachments' names (compliance.content), broken links (links, from `check_links`), publish
times moved after publication (the audit trail), and residents' letters unanswered for more than
three months (a veto) or past their due date (cases).

Red: a veto threshold reached, or personal data online. Amber: a veto threshold that will be
reached within the warning window, and everything else a reviewer should look at."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from core.times import format_minute

from .clock import read_clock
from .content import TEXT_KINDS, check, load_lists

RED, AMBER, GREEN = "red", "amber", "green"
STATUS_LABELS = {RED: "红色（有单项否决风险）", AMBER: "黄色（需要处理）", GREEN: "绿色（正常）"}
# Exit status of inspect_site: a veto reached (or personal data online), a veto that will be
# reached within the warning window, neither. (1 is left to errors: a command that fails.)
EXIT_RED, EXIT_SOON, EXIT_OK = 2, 3, 0


@dataclass
class Report:
    now: object
    clock: object
    vetoes_soon: list
    findings: list  # (article, [Finding]) for public articles
    broken_links: list  # CheckedLink
    moved_times: list  # AuditRecord of 修改发布时间 on articles already published
    unanswered_cases: list = field(default_factory=list)  # open for more than three months
    late_summaries: list = field(default_factory=list)  # consultations without 采纳情况 in time
    overdue_cases: list = field(default_factory=list)  # open past their due date
    reds: list = field(default_factory=list)
    red_keys: list = field(default_factory=list)  # what each red item is, stable across runs
    ambers: list = field(default_factory=list)

    @property
    def status(self):
        return RED if self.reds else AMBER if self.ambers else GREEN

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def exit_code(self):
        if self.status == RED:
            return EXIT_RED
        return EXIT_SOON if self.vetoes_soon else EXIT_OK

    def as_json(self):
        clock = self.clock
        return {
            "generated_at": timezone.localtime(self.now).isoformat(),
            "generated_at_text": format_minute(self.now),
            "status": self.status,
            "status_label": self.status_label,
            "reds": self.reds,
            "red_keys": self.red_keys,
            "ambers": self.ambers,
            "home": {
                "last_published": _iso(clock.home_last),
                "days_since": clock.home_days_since,
                "days_left": clock.home_days_left,
                "state": clock.home_state,
            },
            "columns": [
                {
                    "name": entry.column.name,
                    "slug": entry.column.slug,
                    "kind": entry.column.kind,
                    "period_days": entry.column.period_days,
                    "last_published": _iso(entry.last_published),
                    "days_since": entry.days_since,
                    "days_left": entry.days_left,
                    "state": entry.state,
                    "long_stale": entry.long_stale,
                }
                for entry in clock.columns
            ],  # fmt: skip
            "articles": [
                {
                    "id": article.pk,
                    "title": article.title,
                    "url": article.get_absolute_url(),
                    "findings": [
                        {"kind": f.kind, "text": f.text, "blocking": f.blocking} for f in findings
                    ],
                }
                for article, findings in self.findings
            ],  # fmt: skip
            "broken_links": [
                {
                    "article_id": link.article_id,
                    "article_title": link.article.title,
                    "url": link.url,
                    "kind": link.kind,
                    "status_code": link.status_code,
                    "error": link.error,
                }
                for link in self.broken_links
            ],  # fmt: skip
            "cases": {
                "unanswered_three_months": [_case_json(case) for case in self.unanswered_cases],
                "overdue": [_case_json(case) for case in self.overdue_cases],
            },
            "moved_publish_times": [
                {
                    "article_id": record.article_id,
                    "article_title": record.article.title,
                    "at": _iso(record.at),
                    "at_text": format_minute(record.at),
                    "by": str(record.actor) if record.actor else "",
                    "reason": record.reason,
                }
                for record in self.moved_times
            ],  # fmt: skip
        }


def _case_json(case):
    # A case's number, title and dates: never the writer or their contact.
    return {"number": case.number, "channel": case.channel.name, "title": case.title,
            "received_at": _iso(case.received_at), "due_on": case.due_on.isoformat()}  # fmt: skip


def three_months_before(moment):
    """The same day and time three calendar months earlier (the last day of a shorter month)."""
    local = timezone.localtime(moment)
    month, year = local.month - 3, local.year
    if month < 1:
        month, year = month + 12, year - 1
    for day in range(local.day, 0, -1):
        try:
            return local.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _cases(now, warning_days):
    """(unanswered for three months, coming to three months within the warning window,
    overdue) open cases."""
    from cases.models import Case

    cases = Case.objects.select_related("channel").order_by("received_at")
    unanswered = list(cases.unanswered_since(three_months_before(now)))
    soon = three_months_before(now + timedelta(days=warning_days))
    coming = [case for case in cases.unanswered_since(soon) if case not in unanswered]
    overdue = [c for c in cases.overdue(timezone.localdate(now)) if c not in unanswered]
    return unanswered, coming, overdue


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def _public_findings(now):
    from attachments.models import RevisionAttachment
    from news.models import Article

    lists = load_lists()
    public = (
        Article.objects.published(now=now)
        .select_related("live_revision")
        .prefetch_related(
            Prefetch(
                "live_revision__attachment_links",
                queryset=RevisionAttachment.objects.select_related("attachment"),
            )
        )
        .order_by("-publish_at", "-pk")
    )
    found = []
    for article in public.iterator(chunk_size=500):
        findings = check(article, revision=article.live_revision, lists=lists, kinds=TEXT_KINDS)
        if findings:
            found.append((article, findings))
    return found


def _broken_links():
    try:
        from links.models import CheckedLink
    except ImportError:  # the link checker is not installed
        return []
    return list(CheckedLink.objects.broken().select_related("article").order_by("article_id"))


def _moved_times():
    from news.models import AuditRecord

    return list(
        AuditRecord.objects.filter(
            action=AuditRecord.Action.RESCHEDULE, article__first_published_at__isnull=False
        )
        .select_related("article", "actor")
        .order_by("-at")[:200]
    )


def build_report(now=None):
    now = now or timezone.now()
    clock = read_clock(now)
    later = read_clock(now + timedelta(days=clock.limits["WARNING_DAYS"]))
    vetoes = clock.veto_items()
    reached = {key for key, _text in vetoes}
    report = Report(
        now=now,
        clock=clock,
        vetoes_soon=[text for key, text in later.veto_items() if key not in reached],
        findings=_public_findings(now),
        broken_links=_broken_links(),
        moved_times=_moved_times(),
    )
    unanswered, coming, overdue = _cases(now, clock.limits["WARNING_DAYS"])
    report.unanswered_cases, report.overdue_cases = unanswered, overdue
    report.vetoes_soon += [
        _("来信《%(title)s》（%(number)s）将超过 3 个月未答复")
        % {"title": c.title, "number": c.number}
        for c in coming
    ]
    for key, veto in vetoes:
        report.reds.append(_("单项否决：%(veto)s") % {"veto": veto})
        report.red_keys.append(f"veto:{key}")
    for article, findings in report.findings:
        for finding in findings:
            line = _("《%(title)s》%(finding)s") % {"title": article.title, "finding": finding.text}
            if finding.blocking:
                report.reds.append(line)
                report.red_keys.append(f"article:{article.pk}:{finding.text}")
            else:
                report.ambers.append(line)
    report.ambers[:0] = [
        *[_("%(days)s 天内将单项否决：%(veto)s") % {"days": clock.limits["WARNING_DAYS"], "veto": v}
          for v in report.vetoes_soon],
        *clock.warnings(),
    ]  # fmt: skip
    for case in report.unanswered_cases:
        report.reds.append(
            _("单项否决：来信《%(title)s》（%(number)s）超过 3 个月未答复")
            % {"title": case.title, "number": case.number}
        )
        report.red_keys.append(f"case:{case.number}:unanswered")
    from cases.models import Consultation

    today = timezone.localdate(now)
    report.late_summaries = [c for c in Consultation.objects.filter(
        summary_published_at=None, closes_on__lt=today) if c.summary_is_late(today)]  # fmt: skip
    for consultation in report.late_summaries:
        report.ambers.append(
            _("意见征集《%(title)s》结束 %(days)s 个工作日仍未公布采纳情况")
            % {"title": consultation.title, "days": Consultation.SUMMARY_WORKING_DAYS}
        )
    if report.overdue_cases:
        report.ambers.append(
            _("%(count)s 件来信已超过答复期限：%(numbers)s")
            % {
                "count": len(report.overdue_cases),
                "numbers": "、".join(case.number for case in report.overdue_cases[:10]),
            }  # fmt: skip
        )
    if report.broken_links:
        report.ambers.append(_("%(count)s 个失效链接") % {"count": len(report.broken_links)})
    return report
