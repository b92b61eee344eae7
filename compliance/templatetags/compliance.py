from django import template

from compliance.clock import read_clock

register = template.Library()


@register.inclusion_tag("admin/compliance/clock.html", takes_context=True)
def compliance_clock(context):
    """网站检查 on the admin index: the home page's freshness and every column's clock, the
    veto thresholds reached and what goes stale within the warning window. For staff who see
    the columns (every role)."""
    user = context["request"].user
    if not user.has_perm("news.view_column"):
        return {"clock": None}
    return {"clock": read_clock(), "sees_report": user.has_perm("compliance.view_inspectionrun")}
