from django import template

from cases.models import Case

register = template.Library()

# Due within this many working days: highlighted on the admin index.
SOON_WORKING_DAYS = 3


@register.inclusion_tag("admin/cases/my_cases.html", takes_context=True)
def my_cases(context):
    """我办理的来信 on the admin index: the handler's open cases, the soonest due first, each with
    its working days left; overdue and due within SOON_WORKING_DAYS highlighted. One query."""
    user = context["request"].user
    if not user.has_perm("cases.handle_case"):
        return {"cases": None}
    cases = list(Case.objects.open().handled_by(user).select_related("channel").order_by("due_on"))
    for case in cases:
        case.left = case.working_days_left()
        case.overdue_days = -case.left
        case.urgency = (
            "overdue" if case.left < 0 else "soon" if case.left <= SOON_WORKING_DAYS else ""
        )
    unassigned = Case.objects.filter(state=Case.State.RECEIVED, handler=None).count()
    return {"cases": cases, "unassigned": unassigned}
