"""政府信息公开工作年度报告: the figures of one year from the site's own records, in the national
table layout (国办公开办函〔2021〕30号 格式): 主动公开 (what the site published: the annual
statistics, compliance.annual) and 依申请公开 (the applications, cases of an 依申请公开 channel:
received, carried over, concluded by outcome and ground, carried into the next year). Staff
write the text parts and may correct the figures before they publish it."""

from django.utils import timezone

from .annual import annual_report, year_bounds

# The rows of the 依申请公开 table: (key, label, indent), as the national layout has them.
APPLICATION_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量", 0),
    ("carried_in", "二、上年结转政府信息公开申请数量", 0),
    ("disclosed", "（一）予以公开", 1),
    ("partly", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    ("withheld", "（三）不予公开", 1),
    ("withheld:属于国家秘密", "1．属于国家秘密", 2),
    ("withheld:其他法律行政法规禁止公开", "2．其他法律行政法规禁止公开", 2),
    ("withheld:危及“三安全一稳定”", "3．危及“三安全一稳定”", 2),
    ("withheld:保护第三方合法权益", "4．保护第三方合法权益", 2),
    ("withheld:属于三类内部事务信息", "5．属于三类内部事务信息", 2),
    ("withheld:属于四类过程性信息", "6．属于四类过程性信息", 2),
    ("withheld:属于行政执法案卷", "7．属于行政执法案卷", 2),
    ("withheld:属于行政查询事项", "8．属于行政查询事项", 2),
    ("unavailable", "（四）无法提供", 1),
    ("unavailable:本机关不掌握相关政府信息", "1．本机关不掌握相关政府信息", 2),
    ("unavailable:没有现成信息需要另行制作", "2．没有现成信息需要另行制作", 2),
    ("unavailable:补正后申请内容仍不明确", "3．补正后申请内容仍不明确", 2),
    ("not_handled", "（五）不予处理", 1),
    ("not_handled:信访举报投诉类申请", "1．信访举报投诉类申请", 2),
    ("not_handled:重复申请", "2．重复申请", 2),
    ("not_handled:要求提供公开出版物", "3．要求提供公开出版物", 2),
    ("not_handled:无正当理由大量反复申请", "4．无正当理由大量反复申请", 2),
    ("not_handled:要求行政机关确认或重新出具已获取信息",
     "5．要求行政机关确认或重新出具已获取信息", 2),
    ("other", "（六）其他处理", 1),
    ("concluded", "（七）总计", 1),
    ("carried_out", "四、结转下年度继续办理", 0),
]  # fmt: skip


def _concluded_at(case):
    """When a case was concluded (answered, or turned down), or None while it is open."""
    if case.replied_at:
        return case.replied_at
    ends = [step.at for step in case.steps.all() if step.to_state == "rejected"]
    return ends[-1] if ends else None


def application_figures(year):
    """The 依申请公开 table's numbers for year, {row key: count}."""
    from cases.models import Case, Channel

    start, end = year_bounds(year)
    cases = Case.objects.filter(channel__kind=Channel.Kind.DISCLOSURE, received_at__lt=end)
    figures = {key: 0 for key, _label, _indent in APPLICATION_ROWS}
    for case in cases.prefetch_related("steps"):
        concluded = _concluded_at(case)
        if case.received_at >= start:
            figures["new"] += 1
        elif concluded is None or concluded >= start:
            figures["carried_in"] += 1
        else:
            continue  # concluded before the year
        if concluded is None or concluded >= end:
            figures["carried_out"] += 1
            continue
        outcome = case.outcome or "other"  # 不予受理 counts under 其他处理
        figures[outcome] += 1
        if case.outcome_ground:
            figures[f"{outcome}:{case.outcome_ground}"] += 1
        figures["concluded"] += 1
    return figures


def publication_figures(year):
    """主动公开: what the site put out in year (compliance.annual)."""
    report = annual_report(year)
    return {
        "published": report.published,
        "disclosure_documents": report.disclosure_documents,
        "views": report.views,
        "columns": [[c.column.name, c.published] for c in report.columns if c.published],
    }


def figures(year):
    return {
        "year": year,
        "generated_at": timezone.now().isoformat(),
        "publication": publication_figures(year),
        "applications": application_figures(year),
    }


def application_table(stored):
    """[(label, indent, count)] of the 依申请公开 table from stored figures."""
    numbers = stored.get("applications", {})
    return [(label, indent, numbers.get(key, 0)) for key, label, indent in APPLICATION_ROWS]
