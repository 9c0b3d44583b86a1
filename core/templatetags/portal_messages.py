"""What the portal sent about a record, shown on the record's own page."""

from django import template

from core.notifications import sent_about as sent_about_query

register = template.Library()

SHOWN = 50


@register.inclusion_tag("includes/sent_about.html")
def sent_about(subject, heading: str = "Messages sent about this"):
    """A table of the messages, reminders, chases and escalations the portal sent about
    `subject` (two queries, whatever their number; the newest 50 are listed)."""
    rows = sent_about_query(subject)
    return {"heading": heading, "rows": list(rows[:SHOWN]), "total": rows.count(), "shown": SHOWN}
