"""Home-page ("My work") panels: a person's own training, a trainer's sessions to mark, and
the sessions needing the business unit's attention. Each returns None when it has nothing to
say to the reader, and runs a fixed number of queries."""

from datetime import timedelta

from django.db.models import Count, F, Q

from core import calendar

from . import permissions
from .models import Session
from .selectors.programme import feedback_waiting, my_bookings, with_counts

SHOWN = 5
# An upcoming session this close with fewer than half its places taken needs a push.
UNDERBOOKED_DAYS = 14


def my_training(request) -> dict | None:
    user = request.user
    if not permissions.can_book(user):
        return None
    upcoming = list(my_bookings(user, period="upcoming")[:SHOWN])
    waiting = feedback_waiting(user)
    if not upcoming and not waiting and not permissions.is_practitioner(user):
        return None
    return {"upcoming": upcoming, "feedback": waiting}


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
    if not permissions.manages_training(request.user):
        return None
    today = calendar.today()
    scheduled = with_counts(Session.objects.filter(status=Session.Status.SCHEDULED).select_related("course"))
    unmarked = scheduled.filter(date__lt=today, attendance_recorded_at__isnull=True)
    underbooked = (
        scheduled.filter(date__range=(today, today + timedelta(days=UNDERBOOKED_DAYS)))
        .alias(doubled=F("confirmed_count") * 2)
        .filter(doubled__lt=F("capacity"))
    )
    waiting = scheduled.filter(date__gte=today, waiting_count__gt=0)
    counts = Session.objects.filter(status=Session.Status.SCHEDULED).aggregate(
        unmarked=Count("pk", filter=Q(date__lt=today, attendance_recorded_at__isnull=True)),
    )
    context = {
        "unmarked": list(unmarked.order_by("-date")[:SHOWN]),
        "unmarked_count": counts["unmarked"],
        "underbooked": list(underbooked.order_by("date", "start_time")[:SHOWN]),
        "waiting": list(waiting.order_by("date", "start_time")[:SHOWN]),
    }
    if not any((context["unmarked"], context["underbooked"], context["waiting"])):
        return None
    return context
