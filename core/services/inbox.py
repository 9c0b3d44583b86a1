"""The inbox: marking messages read, one message, a group (a kind on a day) or all at once."""

from datetime import date

from django.utils import timezone

from ..models import Notification


def mark_read(*, user, kind: str | None = None, day: date | None = None) -> int:
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
