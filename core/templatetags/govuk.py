"""Small template helpers for GOV.UK Design System markup. No queries, no decisions."""

from typing import Any

from django import template
from django.core.paginator import Page
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

TAG_COLOURS = {
    "green": "govuk-tag--green",
    "yellow": "govuk-tag--yellow",
    "orange": "govuk-tag--orange",
    "red": "govuk-tag--red",
    "blue": "govuk-tag--blue",
    "grey": "govuk-tag--grey",
    "purple": "govuk-tag--purple",
    "pink": "govuk-tag--pink",
    "turquoise": "govuk-tag--turquoise",
    "light-blue": "govuk-tag--light-blue",
}


@register.simple_tag
def govuk_tag(text: object, colour: str = "") -> SafeString:
    css = TAG_COLOURS.get(colour, "")
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, text)


@register.filter
def yes_no(value: object) -> str:
    if value is None:
        return "Not known"
    return "Yes" if value else "No"


@register.inclusion_tag("includes/pagination.html")
def govuk_pagination(page: Page[Any], label: str = "results") -> dict[str, Any]:
    return {"page": page, "label": label}
