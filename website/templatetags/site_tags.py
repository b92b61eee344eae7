from django import template

from news.sanitize import tel_href as phone_address

register = template.Library()


@register.filter
def tel_href(number):
    """A phone number as a tap-to-call address (tel:07391234567)."""
    return phone_address(number)
