from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (the month table's cell per column), or None."""
    return mapping.get(key)
