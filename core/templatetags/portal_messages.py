"""What the portal sent about a record, shown on the record's own page."""

from typing import Any

from django import template
from django.db.models import Model

from core.notifications import sent_about as sent_about_query

register = template.Library()

SHOWN = 50


@register.inclusion_tag("includes/sent_about.html")
def sent_about(subject: Model, heading: str = "Messages sent about this") -> dict[str, Any]:
    """A table of the messages, reminders, chases and escalations the portal sent about
    `subject` (two queries, three past 50, whatever their number; the newest 50 are listed)."""
    rows = sent_about_query(subject)
    shown = list(rows[:SHOWN])
    # Counted only when the list is full: a shorter list is the whole of it.
    total = rows.count() if len(shown) == SHOWN else len(shown)
    return {"heading": heading, "rows": shown, "total": total, "shown": SHOWN}
