from django import template

from core.names import person_name
from inbox.models import Message

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context):
    """How many of the logged-in user's messages are unread: one COUNT per request, however
    many places of the page show it (the header, the admin index)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_inbox_unread"):
        request._inbox_unread = Message.objects.of(user).unread().count()
    return request._inbox_unread


@register.filter
def name_of(user):
    """A person as others read their name (core.names)."""
    return person_name(user)
