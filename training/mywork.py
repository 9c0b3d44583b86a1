"""Home-page ("My work") panels: a person's own training, a trainer's sessions to mark, and
the sessions needing the business unit's attention. Each returns None when it has nothing to
say to the reader, and runs a fixed number of queries; the business unit's panel is counts
with links, counted with every other panel's in one query (core.mywork)."""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef
from django.urls import reverse

from core import calendar
from core.mywork import Tally

from . import permissions
from .models import Booking, Session
from .selectors.programme import FEEDBACK_LOOKBACK_DAYS, feedback_open, with_counts, with_feedback

SHOWN = 5
# An upcoming session this close with fewer than half its places taken needs a push.
UNDERBOOKED_DAYS = 14


def my_training(request) -> dict | None:
    user = request.user
    if not permissions.can_book(user):
        return None
    upcoming, waiting = _bookings(user)
    if not upcoming and not waiting and not permissions.is_practitioner(user):
        return None
    return {"upcoming": upcoming, "feedback": waiting}


def _bookings(user) -> tuple[list[Booking], list[Booking]]:
    """(the next few bookings, those waiting for feedback: as my_bookings and feedback_waiting)
    from one query of the person's bookings from the feedback window on."""
    today = calendar.today()
    bookings = list(
        with_feedback(
            Booking.objects.filter(
                person=user, session__date__gte=today - timedelta(days=FEEDBACK_LOOKBACK_DAYS)
            ).exclude(status=Booking.Status.CANCELLED)
        )
        .select_related("session__course", "organisation")
        .order_by("session__date", "session__start_time", "pk")
    )
    upcoming: list[Booking] = [booking for booking in bookings if booking.session.date >= today]
    recent = [
        booking
        for booking in reversed(bookings)
        if booking.status == Booking.Status.CONFIRMED
        and booking.session.status == Session.Status.SCHEDULED
        and booking.attendance != Booking.Attendance.ABSENT
    ]
    return upcoming[:SHOWN], feedback_open(recent)


def sessions_to_mark(request) -> dict | None:
    user = request.user
    trainer = permissions.trainer_of(user)
    if trainer is None:
        return None
    today = calendar.today()
    sessions = with_counts(trainer.sessions.filter(status=Session.Status.SCHEDULED).select_related("course"))
    to_mark = list(sessions.filter(date__lte=today, attendance_recorded_at__isnull=True).order_by("-date")[:SHOWN])
    to_mark = [s for s in to_mark if s.has_started()]
    upcoming = list(sessions.filter(date__gte=today).order_by("date", "start_time")[:SHOWN])
    if not to_mark and not upcoming:
        return None
    return {"to_mark": to_mark, "upcoming": upcoming}


def sessions_needing_attention(request) -> dict | None:
    """For the business unit: how many sessions have no attendance recorded, are soon and under
    half full, or have a waiting list, each linking to the sessions list."""
    if not permissions.manages_training(request.user):
        return None
    today = calendar.today()
    scheduled = with_counts(Session.objects.filter(status=Session.Status.SCHEDULED))
    sessions = reverse("training:session-list")
    return {
        "tallies": [
            Tally(
                "session with attendance not recorded",
                "sessions with attendance not recorded",
                Session.objects.filter(
                    status=Session.Status.SCHEDULED, date__lt=today, attendance_recorded_at__isnull=True
                ),
                f"{sessions}?show=to_mark",
            ),
            Tally(
                f"session in the next {UNDERBOOKED_DAYS} days under half full",
                f"sessions in the next {UNDERBOOKED_DAYS} days under half full",
                scheduled.filter(date__range=(today, today + timedelta(days=UNDERBOOKED_DAYS)))
                .alias(doubled=F("confirmed_count") * 2)
                .filter(doubled__lt=F("capacity")),
                sessions,
            ),
            Tally(
                "session with a waiting list",
                "sessions with a waiting list",
                # Asked per session (an indexed lookup) rather than counting every upcoming
                # session's bookings and keeping those with a waiting one.
                Session.objects.filter(
                    Exists(Booking.objects.filter(session=OuterRef("pk"), status=Booking.Status.WAITING)),
                    status=Session.Status.SCHEDULED,
                    date__gte=today,
                ),
                sessions,
            ),
        ]
    }
