"""索引号 by the pattern in 站点设置 ({机构代码}/{年份}-{序号:05d}): the year's next free number."""

import string

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

PLACEHOLDERS = {"机构代码": "43052300", "年份": 2026, "序号": 1}


def validate_index_number_pattern(pattern):
    """站点设置's 索引号规则: only the three placeholders, and {序号} among them (without it
    every article of a year would get the same number)."""
    if not pattern:
        return
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    except ValueError:
        names = None
    unknown = sorted(names - PLACEHOLDERS.keys()) if names is not None else []
    if unknown:
        raise ValidationError(
            _("索引号规则里只能用 {机构代码}、{年份}、{序号}，不认识：%(names)s。")
            % {"names": "、".join(f"{{{name}}}" for name in unknown)}
        )
    try:
        pattern.format_map(PLACEHOLDERS) if names is not None else None
    except (ValueError, TypeError):
        names = None
    if names is None:
        raise ValidationError(_("索引号规则写得不对，例如 {机构代码}/{年份}-{序号:05d}。"))
    if "序号" not in names:
        raise ValidationError(_("索引号规则须含 {序号}，否则同一年的文章会得到同一个索引号。"))


def taken_by_another(number, article):
    """Whether another article holds this 索引号: its approved text, or any of its revisions (an
    edit waiting for review holds the number it will go online with). A number once given to
    an article is never given to another."""
    from .models import Article, Revision

    others = Article.objects.exclude(pk=article.pk) if article.pk else Article.objects.all()
    revisions = Revision.objects.exclude(article_id=article.pk) if article.pk else Revision.objects
    return (
        others.filter(index_number=number).exists()
        or revisions.filter(index_number=number).exists()
    )


def next_index_number(article):
    """The index number for article by the pattern, or "" when there is none to follow. The
    sequence counts the year's numbers already on articles; a number another article holds
    (taken_by_another: also in an edit waiting for review, or typed by hand) is skipped.

    Called inside the saving transaction: the 站点设置 row is locked first, so two articles
    saved at the same moment are numbered one after the other, not both with the same number
    (the unique constraint on Article.index_number is the last line of defence)."""
    from .models import Article, SiteSettings

    SiteSettings.load()  # the row to lock must exist
    settings_row = SiteSettings.objects.select_for_update().get(pk=1)
    pattern = settings_row.index_number_pattern
    if not pattern or ("{机构代码" in pattern and not settings_row.organization_code):
        return ""  # no pattern, or its organisation code not yet set in 站点设置
    year = timezone.localtime(article.publish_at or timezone.now()).year
    values = {"机构代码": settings_row.organization_code, "年份": year}
    prefix = pattern.split("{序号", 1)[0].format_map(values)
    taken = Article.objects.filter(index_number__startswith=prefix).count() if prefix else 0
    for sequence in range(taken + 1, taken + 1000):
        number = pattern.format_map({**values, "序号": sequence})
        if not taken_by_another(number, article):
            return number
    return ""
