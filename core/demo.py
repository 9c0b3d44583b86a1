"""Demo data for core: the deadline rules at their defaults, and, once every app has seeded,
an inbox that looks lived in. Deadlines themselves belong to the records they are about, so
each app's demo makes its own."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from .services.deadlines import ensure_rules

if TYPE_CHECKING:
    from .management.commands.seed_demo import Demo

# The demo's messages are spread over this many days before today; those older than
# UNREAD_DAYS have been read (and every one was emailed when it was sent).
HISTORY_DAYS = 60
UNREAD_DAYS = 3


def seed(demo: Demo) -> None:
    rules = ensure_rules()
    demo.say(f"{len(rules)} deadline rules")


def settle(demo: Demo) -> None:
    """Run after every app's seed (seed_demo calls it). The apps' services wrote their
    messages as they built the fictional history, all stamped now: spread them back over the
    last HISTORY_DAYS days, read and emailed as a real partnership's would be, and run
    yesterday's reminder sweep so that the ledger has its history and the first sweep at
    start sends only what fell due today."""
    from . import reminders
    from .models import Notification, SentReminder

    now = timezone.now()
    rows = list(Notification.objects.order_by("pk").only("pk", "created_at"))
    for row in rows:
        # Evenly over the period: a lived-in inbox, with a few messages from the last days.
        days = HISTORY_DAYS * demo.rng.random()
        row.created_at = now - timedelta(days=days, minutes=demo.rng.randint(0, 600))
        row.emailed_at = row.created_at
        row.read_at = row.created_at + timedelta(hours=demo.rng.randint(1, 48)) if days > UNREAD_DAYS else None
        if row.read_at and row.read_at > now:
            row.read_at = now
    Notification.objects.bulk_update(rows, ["created_at", "emailed_at", "read_at"], batch_size=1000)

    yesterday = demo.today - timedelta(days=1)
    result = reminders.sweep(today=yesterday)
    at = timezone.make_aware(datetime.combine(yesterday, time(9, 0)))
    SentReminder.objects.update(created_at=at, sent_at=at)
    Notification.objects.filter(created_at__gt=now).update(created_at=at, emailed_at=at)
    read = Notification.objects.filter(read_at__isnull=False).count()
    demo.say(
        f"{len(rows)} messages spread over {HISTORY_DAYS} days ({read} read); yesterday's reminder sweep: "
        f"{result.pairs} reminders in {result.messages} messages"
    )
