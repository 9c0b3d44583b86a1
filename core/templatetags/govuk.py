"""Small template helpers for GOV.UK Design System markup. No queries, no decisions.

Also the `date` and `time` filters every template uses (this library is a builtin, loaded after
Django's, so its filters take their names): the same output as Django's, worked out directly
for the formats made only of day, month, year, weekday, hour, minute and second and
punctuation (every format the portal's templates use, bar two). Django's parses the format and
looks up the active language's names on every call, about 25 µs a date; a list page shows
a hundred dates. Any other format, or value, goes to Django's own.
"""

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django import template
from django.core.paginator import Page
from django.template import defaultfilters
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


Part = Callable[[Any], str]


@functools.cache
def _names() -> dict[str, dict[int, str]]:
    """The month and weekday names as plain strings, once (Django's are lazy translations)."""
    return {
        "M": {n: str(name).title() for n, name in MONTHS_3.items()},
        "F": {n: str(name) for n, name in MONTHS.items()},
        "D": {n: str(name) for n, name in WEEKDAYS_ABBR.items()},
        "l": {n: str(name) for n, name in WEEKDAYS.items()},
    }


# Each format character as Django's django.utils.dateformat works it out.
_DATE_PARTS: dict[str, Part] = {
    "j": lambda d: str(d.day),
    "d": lambda d: f"{d.day:02d}",
    "n": lambda d: str(d.month),
    "m": lambda d: f"{d.month:02d}",
    "Y": lambda d: f"{d.year:04d}",
    "y": lambda d: f"{d.year % 100:02d}",
    "M": lambda d: _names()["M"][d.month],
    "F": lambda d: _names()["F"][d.month],
    "D": lambda d: _names()["D"][d.weekday()],
    "l": lambda d: _names()["l"][d.weekday()],
}
_TIME_PARTS: dict[str, Part] = {
    "G": lambda t: str(t.hour),
    "H": lambda t: f"{t.hour:02d}",
    "i": lambda t: f"{t.minute:02d}",
    "s": lambda t: f"{t.second:02d}",
}


@functools.lru_cache(maxsize=128)
def _compiled(fmt: str) -> tuple[tuple[str | Part, ...], bool, bool] | None:
    """The format as literal text and parts, with whether it has date parts and time parts;
    None if any character is one this module does not work out itself."""
    parts: list[str | Part] = []
    for character in fmt:
        part = _DATE_PARTS.get(character) or _TIME_PARTS.get(character)
        if part is not None:
            parts.append(part)
        elif character.isalnum() or character == "\\":
            return None
        else:
            parts.append(character)
    return tuple(parts), any(c in _DATE_PARTS for c in fmt), any(c in _TIME_PARTS for c in fmt)


def _formatted(value: Any, parts: tuple[str | Part, ...]) -> str:
    return "".join(part if isinstance(part, str) else part(value) for part in parts)


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter, the common formats worked out directly (see the module)."""
    compiled = _compiled(arg) if arg and isinstance(value, datetime.date) else None
    if compiled is not None:
        parts, _, has_time = compiled
        if not has_time or isinstance(value, datetime.datetime):
            return _formatted(value, parts)
    return defaultfilters.date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def time(value: Any, arg: str | None = None) -> str:
    """Django's `time` filter, the common formats worked out directly (see the module)."""
    compiled = _compiled(arg) if arg and isinstance(value, datetime.time | datetime.datetime) else None
    if compiled is not None and not compiled[1]:
        return _formatted(value, compiled[0])
    return defaultfilters.time(value, arg)


def _attr(name: str, value: object) -> str:
    if value is True:
        return f" {conditional_escape(name)}"
    return f' {conditional_escape(name)}="{conditional_escape(str(value))}"'


@register.filter
def html_attrs(attrs: dict[str, Any]) -> SafeString:
    """A form widget's attributes, written as Django's django/forms/widgets/attrs.html writes
    them: the portal's widget templates use this in place of including that template for
    every input and every option (an include costs more than the rest of an option)."""
    # Every name and value is escaped unless already safe, as the template escaped them.
    return mark_safe("".join(_attr(name, value) for name, value in attrs.items() if value is not False))  # noqa: S308  # nosec B308 B703
