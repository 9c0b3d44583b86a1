"""The personal calendar feed: each app contributes events for a person (core: deadlines;
sub-groups: meetings). Titles must be safe for an office calendar: no child's name,
pseudonym or case detail ever goes into a feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, TypeAlias

from django.conf import settings

from . import calendar, ics, permissions
from .models import Deadline

if TYPE_CHECKING:
    from partnership.models import User

# A person's events from one app.
Provider: TypeAlias = "Callable[[User], list[ics.Event]]"

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def events_for(user: User) -> list[ics.Event]:
    events: list[ics.Event] = []
    for provider in _providers:
        events += provider(user)
    return events


def deadline_events(user: User) -> list[ics.Event]:
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
