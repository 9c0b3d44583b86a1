"""The personal calendar feed: each app contributes events for a person (core: deadlines;
sub-groups: meetings). Titles must be safe for an office calendar: no child's name,
pseudonym or case detail ever goes into a feed."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings

from . import calendar, ics, permissions
from .models import Deadline

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def events_for(user) -> list[ics.Event]:
    events = []
    for provider in _providers:
        events += provider(user)
    return events


def deadline_events(user) -> list[ics.Event]:
    """The person's own and their organisation's live deadlines from a month back."""
    since = calendar.today() - timedelta(days=31)
    deadlines = (
        Deadline.objects.filter(pk__in=permissions.own_deadline_ids(user), due_date__gte=since)
        .exclude(status=Deadline.Status.CANCELLED)
        .only("pk", "title", "due_date", "status", "rule_summary")
        .order_by("due_date")
    )
    return [
        ics.Event(
            uid=f"deadline-{d.pk}@{settings.PORTAL_BASE_URL.split('//')[-1]}",
            summary=f"{'Met: ' if d.status == Deadline.Status.MET else 'Due: '}{d.title}",
            start=d.due_date,
            description=d.rule_summary,
            url=f"{settings.PORTAL_BASE_URL}{d.get_absolute_url()}",
        )
        for d in deadlines
    ]


register(deadline_events)
