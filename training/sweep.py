"""What the portal sends about bookings on its own: a reminder before the session, the
evaluation request when it ends, the follow-up three months later and one chase of it.

The sweep (Celery beat, every 15 minutes) reads what is due from the database each time, so a
missed run is made good by the next, and hands (booking, stage) pairs to `send`. `send` is the
only place these are sent: in one transaction it inserts a ledger row per pair (ignoring rows
that exist), locks the unsent ones with SKIP LOCKED, writes one inbox message per person and
stage (several sessions make one message), emails after the commit, and marks the rows sent.
Two workers, a re-run or a retried task therefore never send a stage twice, and a worker killed
half-way rolls back and leaves the work to the next sweep (core/reminders.py does the same for
deadlines).

Each stage has a window, so the sweep reads a bounded slice of the bookings whatever their
number, and a session long past never sends anything new (an old booking added to the data
does not suddenly get an evaluation request).
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from core import kept, notifications
from core.working_days import add_months

from .models import Booking, BookingMessage, Evaluation, FollowUp, Session
from .services import FEEDBACK, REMINDER, when
from .years import CHASE_AFTER_DAYS, FOLLOW_UP_MONTHS, follow_up_due

logger = logging.getLogger(__name__)

Stage = BookingMessage.Stage
# The reminder goes this many days before the session.
REMINDER_DAYS = 2
# Windows after which a stage is no longer sent: a late evaluation request or follow-up would
# only confuse.
EVALUATION_WINDOW_DAYS = 14
FOLLOW_UP_WINDOW_DAYS = 30
SEND_CHUNK = 100


@dataclass
class SweepResult:
    pairs: int = 0
    chunks: int = 0


def _not_sent(stage: str):
    return ~Exists(BookingMessage.objects.filter(booking=OuterRef("pk"), stage=stage, sent_at__isnull=False))


def due_pairs(now: datetime | None = None, booking_ids=None) -> list[tuple[int, str]]:
    """Every (booking id, stage) due now and not yet sent (of these bookings, if given)."""

    def _confirmed():
        bookings = Booking.objects.filter(status=Booking.Status.CONFIRMED, session__status=Session.Status.SCHEDULED)
        return bookings if booking_ids is None else bookings.filter(pk__in=booking_ids)

    now = now or timezone.now()
    today = timezone.localdate(now)
    pairs: list[tuple[int, str]] = []
    reminders = (
        _confirmed()
        .filter(session__date__range=(today, today + timedelta(days=REMINDER_DAYS)))
        .filter(_not_sent(Stage.REMINDER))
        .select_related("session")
    )
    pairs += [(b.pk, Stage.REMINDER) for b in reminders if _is_reminder_due(b, now)]
    evaluations = (
        _confirmed()
        .exclude(attendance=Booking.Attendance.ABSENT)
        .filter(session__date__range=(today - timedelta(days=EVALUATION_WINDOW_DAYS), today))
        .filter(~Exists(Evaluation.objects.filter(booking=OuterRef("pk"))), _not_sent(Stage.EVALUATION))
        .select_related("session")
    )
    pairs += [(b.pk, Stage.EVALUATION) for b in evaluations if _is_evaluation_due(b, now)]
    # A session's follow-up falls due FOLLOW_UP_MONTHS later; read a little either side of the
    # window (months differ in length) and decide exactly per booking.
    latest = add_months(today, -FOLLOW_UP_MONTHS) + timedelta(days=3)
    earliest = add_months(today - timedelta(days=FOLLOW_UP_WINDOW_DAYS), -FOLLOW_UP_MONTHS) - timedelta(days=3)
    follow_ups = (
        _confirmed()
        .filter(attendance=Booking.Attendance.ATTENDED, session__date__range=(earliest, latest))
        .filter(~Exists(FollowUp.objects.filter(booking=OuterRef("pk"))), _not_sent(Stage.FOLLOW_UP))
        .select_related("session")
    )
    pairs += [(b.pk, Stage.FOLLOW_UP) for b in follow_ups if _is_follow_up_due(b, today)]
    chases = (
        _confirmed()
        .filter(
            messages__stage=Stage.FOLLOW_UP,
            messages__sent_at__lte=now - timedelta(days=CHASE_AFTER_DAYS),
            messages__sent_at__gte=now - timedelta(days=CHASE_AFTER_DAYS + FOLLOW_UP_WINDOW_DAYS),
        )
        .filter(~Exists(FollowUp.objects.filter(booking=OuterRef("pk"))), _not_sent(Stage.CHASE))
        .values_list("pk", flat=True)
    )
    pairs += [(pk, Stage.CHASE) for pk in chases]
    return sorted(set(pairs))


def _is_reminder_due(booking: Booking, now: datetime) -> bool:
    return not booking.session.has_started(now)


def _is_evaluation_due(booking: Booking, now: datetime) -> bool:
    return booking.session.has_ended(now)


def _is_follow_up_due(booking: Booking, today) -> bool:
    due = follow_up_due(booking.session.date)
    return due <= today <= due + timedelta(days=FOLLOW_UP_WINDOW_DAYS)


def sweep(*, dispatch: Callable[[list[tuple[int, str]]], None], now: datetime | None = None) -> SweepResult:
    pairs = due_pairs(now)
    result = SweepResult(pairs=len(pairs))
    for start in range(0, len(pairs), SEND_CHUNK):
        dispatch(pairs[start : start + SEND_CHUNK])
        result.chunks += 1
    return result


def send(pairs: list[tuple[int, str]], now: datetime | None = None) -> int:
    """Send the given (booking id, stage) messages that are still due and not yet sent.
    Returns how many stages this call sent."""
    now = now or timezone.now()
    wanted = {(int(pk), str(stage)) for pk, stage in pairs}
    if not wanted:
        return 0
    with transaction.atomic():
        still_due = set(due_pairs(now, booking_ids={pk for pk, _ in wanted})) & wanted
        if not still_due:
            return 0
        BookingMessage.objects.bulk_create(
            [BookingMessage(booking_id=pk, stage=stage) for pk, stage in still_due], ignore_conflicts=True
        )
        mine = list(
            BookingMessage.objects.select_for_update(skip_locked=True)
            .filter(reduce(or_, (Q(booking_id=pk, stage=stage) for pk, stage in still_due)), sent_at__isnull=True)
            .select_related("booking__person", "booking__session__course")
            .order_by("pk")
        )
        if not mine:
            return 0
        grouped: dict[tuple[int, str], list[BookingMessage]] = defaultdict(list)
        for row in mine:
            grouped[(row.booking.person_id, row.stage)].append(row)
        created = notifications.create([_message(rows) for rows in grouped.values()])
        BookingMessage.objects.filter(pk__in=[row.pk for row in mine]).update(sent_at=timezone.now())
        kept.changed(BookingMessage)
        notifications.deliver_after_commit(created)
    logger.info("Sent %d training messages", len(mine))
    return len(mine)


def _message(rows: list[BookingMessage]) -> dict:
    """One inbox message for one person and stage, however many sessions it covers."""
    stage = rows[0].stage
    bookings = [row.booking for row in rows]
    first = bookings[0]
    single = len(bookings) == 1
    lines = "\n".join(f"{b.session.course}: {when(b.session)}, {b.session.where}" for b in bookings)
    if stage == Stage.REMINDER:
        title = (
            f"Reminder: {first.session.course}, {when(first.session)}"
            if single
            else f"Reminder: {len(bookings)} training sessions coming up"
        )
        instructions = first.session.joining_instructions.strip() if single else ""
        body = "\n\n".join(
            part
            for part in (
                lines,
                instructions,
                "If you can no longer go, cancel your place so that someone on the waiting list can have it.",
            )
            if part
        )
        kind, url = REMINDER.key, first.get_absolute_url() if single else reverse("training:my-bookings")
    elif stage == Stage.EVALUATION:
        title = (
            f"How was {first.session.course}? Tell us in two minutes"
            if single
            else f"How were your {len(bookings)} training sessions? Tell us in two minutes each"
        )
        body = f"{lines}\n\nWhat you tell us shapes the programme, and what you plan to do differently matters most."
        kind = FEEDBACK.key
        url = reverse("training:evaluation", args=[first.pk]) if single else reverse("training:my-bookings")
    else:
        chase = stage == Stage.CHASE
        what = first.session.course if single else f"{len(bookings)} training sessions"
        title = f"{'Reminder: t' if chase else 'T'}hree months on from {what}, what changed in your practice?"
        body = f"{lines}\n\nA few lines on what you now do differently show the partnership what training changes."
        if chase:
            body += " This is the only reminder we send."
        kind = FEEDBACK.key
        url = reverse("training:follow-up", args=[first.pk]) if single else reverse("training:my-bookings")
    return {
        "recipient": first.person,
        "kind": kind,
        "title": title,
        "body": body,
        "url": url,
        "subject": first if single else None,
    }
