"""How times are written for staff and readers: to the minute, Beijing time."""

from django.utils import timezone


def format_minute(moment):
    """2026-02-20 07:31: a moment in the site's time zone (Asia/Shanghai), to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
