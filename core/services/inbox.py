"""The inbox: marking messages read, one message, a group (a kind on a day) or all at once; the
person's email choices; their calendar feed's secret address."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ..models import CalendarToken, Notification, NotificationPreference

if TYPE_CHECKING:
    from partnership.models import User


def mark_read(*, user: User, kind: str | None = None, day: date | None = None) -> int:
    """Mark the person's unread messages read: all of them, or those of one kind, or those of
    one kind on one day (a group in the inbox). Returns how many it marked."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        rows = rows.filter(kind=kind)
    if day:
        rows = rows.filter(created_at__date=day)
    return rows.update(read_at=timezone.now())


def open_message(*, notification: Notification) -> None:
    """Reading a message marks it read, as opening an email does."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def preferences_save(*, user: User, choices: dict[str, str]) -> None:
    """The person's choice of email per kind of message; a kind left unanswered keeps its
    current choice."""
    for kind, mode in choices.items():
        if mode:
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})


def calendar_token_reset(*, user: User) -> tuple[CalendarToken, str]:
    """A new secret address for the person's calendar feed (the old one stops working).
    Returns the record and the secret, which is shown once and stored only as its hash."""
    raw = CalendarToken.new_token()
    token, _ = CalendarToken.objects.update_or_create(
        user=user,
        defaults={"token_hash": CalendarToken.hash(raw), "created_at": timezone.now(), "last_used_at": None},
    )
    return token, raw


def calendar_token_used(*, token: CalendarToken) -> None:
    """When the feed was last fetched, shown on the feed's settings page."""
    CalendarToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
