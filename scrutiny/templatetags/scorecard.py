"""The scorecard's small pieces of markup, as filters: cheaper than an include in a long table."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def movement(movement) -> str:
    """A rating's movement since the value before: its arrow (hidden from screen readers, which
    read the words) and its words."""
    if not movement:
        return "No earlier value"
    return format_html('<span aria-hidden="true">{}</span> {}', movement.symbol, movement.text)
