"""索引号 by the pattern in 站点设置 ({机构代码}/{年份}-{序号:05d}): the year's next free number."""

from django.utils import timezone

from news.models import Article, SiteSettings


def next_index_number(article):
    """The index number for article by the pattern, or "" when there is no pattern. The
    sequence counts the year's numbers already given; a number taken meanwhile (or typed by
    hand) is skipped."""
    settings_row = SiteSettings.load()
    pattern = settings_row.index_number_pattern
    if not pattern:
        return ""
    year = timezone.localtime(article.publish_at or timezone.now()).year
    values = {"机构代码": settings_row.organization_code, "年份": year}
    prefix = pattern.split("{序号", 1)[0].format_map(values)
    taken = Article.objects.filter(index_number__startswith=prefix).count() if prefix else 0
    for sequence in range(taken + 1, taken + 1000):
        number = pattern.format_map({**values, "序号": sequence})
        if not Article.objects.filter(index_number=number).exclude(pk=article.pk).exists():
            return number
    return ""
