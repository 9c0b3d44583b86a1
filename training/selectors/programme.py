"""What practitioners and the public read: the catalogue, the programme, a session, and each
person's own bookings. "Missing" and "not yours" give the same 404."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from core import calendar, counting
from partnership.models import Organisation, User

from .. import permissions

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

from ..models import Booking, BookingMessage, Course, Evaluation, FollowUp, Practitioner, Session

# The follow-up is open from three months after a session until a month later.
FEEDBACK_LOOKBACK_DAYS = 130
CONFIRMED = Q(bookings__status=Booking.Status.CONFIRMED)
WAITING = Q(bookings__status=Booking.Status.WAITING)


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        confirmed_count=Count("bookings", filter=CONFIRMED),
        waiting_count=Count("bookings", filter=WAITING),
    )


def upcoming_sessions() -> QuerySet[Session]:
    """Scheduled sessions from today on of published courses."""
    return Session.objects.filter(
        status=Session.Status.SCHEDULED, date__gte=calendar.today(), course__status=Course.Status.PUBLISHED
    )


# The public catalogue: its own reads, of published courses and upcoming sessions only ------------


def catalogue_courses(*, level: str = "", kind: str = "") -> QuerySet[Course]:
    courses = Course.objects.filter(status=Course.Status.PUBLISHED)
    if level:
        courses = courses.filter(level=level)
    if kind:
        courses = courses.filter(kind=kind)
    upcoming = with_counts(upcoming_sessions()).order_by("date", "start_time", "pk")
    return courses.prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming")).order_by(
        "level", "title"
    )


def catalogue_course(slug: str) -> Course:
    course = catalogue_courses().filter(slug=slug).first()
    if course is None:
        raise Http404("No such course")
    return course


# The signed-in programme --------------------------------------------------------------------------


def programme_for_user(user: User, *, level: str = "", query: str = "") -> QuerySet[Session]:
    """Upcoming sessions with their places taken and the reader's own booking on each (with the
    fields the programme shows)."""
    if not permissions.can_use_training(user):
        return Session.objects.none()
    sessions = upcoming_sessions().select_related("course")
    if level:
        sessions = sessions.filter(course__level=level)
    if query:
        sessions = sessions.filter(Q(course__title__icontains=query) | Q(course__summary__icontains=query))
    # At most one live booking per person and session; no ordering, so no join to sort by.
    own = Booking.objects.filter(session=OuterRef("pk"), person=user).exclude(status=Booking.Status.CANCELLED)
    return (
        sessions.only(
            "date", "start_time", "end_time", "venue", "online_link", "capacity", "course__title", "course__level"
        )
        .annotate(
            # Places counted for the page's sessions only (core.counting).
            confirmed_count=counting.per_row(Booking.objects.filter(status=Booking.Status.CONFIRMED), "session"),
            my_status=Subquery(own.order_by().values("status")[:1]),
        )
        .order_by("date", "start_time", "pk")
    )


def session_get_for_user(user: User, pk: int) -> Session:
    """A session's page: anyone who may book sees upcoming sessions of published courses and
    the sessions they have (or had) a booking on; readers and its trainers see any."""
    sessions = with_counts(Session.objects.select_related("course"))
    if not (permissions.reads_training(user) or pk in permissions.trained_session_ids(user)):
        if not permissions.can_book(user):
            raise Http404("No such session")
        mine = Booking.objects.filter(session=OuterRef("pk"), person=user)
        sessions = sessions.filter(
            Q(status=Session.Status.SCHEDULED, date__gte=calendar.today(), course__status=Course.Status.PUBLISHED)
            | Q(Exists(mine))
        )
    session = sessions.filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    return session


def own_booking(user: User, session: Session) -> Booking | None:
    if not user.is_authenticated:
        return None
    return (
        Booking.objects.filter(session=session, person=user)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session")
        .first()
    )


def waiting_position(booking: Booking) -> int | None:
    if booking.status != Booking.Status.WAITING:
        return None
    return (
        Booking.objects.filter(session_id=booking.session_id, status=Booking.Status.WAITING)
        .filter(Q(booked_at__lt=booking.booked_at) | Q(booked_at=booking.booked_at, pk__lt=booking.pk))
        .count()
        + 1
    )


# Bookings ----------------------------------------------------------------------------------------


class FeedbackFlags(TypedDict):
    has_evaluation: bool
    has_follow_up: bool


def with_feedback(bookings: QuerySet[Booking]) -> QuerySet[WithAnnotations[Booking, FeedbackFlags]]:
    return bookings.annotate(
        has_evaluation=Exists(Evaluation.objects.filter(booking=OuterRef("pk"))),
        has_follow_up=Exists(FollowUp.objects.filter(booking=OuterRef("pk"))),
    )


def _listed(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """With what a list of someone's bookings shows, and its feedback links need
    (Booking.is_open_for_evaluation and is_open_for_follow_up)."""
    return bookings.select_related("session__course").only(
        "session",
        "status",
        "attendance",
        "session__date",
        "session__start_time",
        "session__end_time",
        "session__status",
        "session__course__title",
    )


def my_bookings(user: User, *, period: str = "upcoming") -> QuerySet[Booking]:
    """The reader's own bookings: upcoming (soonest first), past (latest first) or cancelled,
    with the fields the list shows and its feedback links need."""
    today = calendar.today()
    bookings = with_feedback(_listed(Booking.objects.filter(person=user)))
    if period == "cancelled":
        return bookings.filter(status=Booking.Status.CANCELLED).order_by("-cancelled_at", "-pk")
    bookings = bookings.exclude(status=Booking.Status.CANCELLED)
    if period == "past":
        return bookings.filter(session__date__lt=today).order_by("-session__date", "-session__start_time", "-pk")
    return bookings.filter(session__date__gte=today).order_by("session__date", "session__start_time", "pk")


def booking_get_for_user(user: User, pk: int) -> Booking:
    booking = (
        with_feedback(permissions.bookings_visible_to(user))
        .select_related("session__course", "person", "organisation", "cancelled_by")
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        raise Http404("No such booking")
    return booking


def feedback_waiting(user: User) -> list[Booking]:
    """The reader's bookings whose evaluation or follow-up is open and unanswered."""
    recent = with_feedback(
        _listed(
            Booking.objects.filter(
                person=user, status=Booking.Status.CONFIRMED, session__status=Session.Status.SCHEDULED
            )
            .exclude(attendance=Booking.Attendance.ABSENT)
            .filter(session__date__gte=calendar.today() - timedelta(days=FEEDBACK_LOOKBACK_DAYS))
        )
    ).order_by("-session__date")
    return feedback_open(recent)


def feedback_open(recent: Iterable[WithAnnotations[Booking, FeedbackFlags]]) -> list[Booking]:
    """Of these bookings (with_feedback, latest first), those whose evaluation or follow-up is
    open and unanswered, marking which."""

    waiting: list[Booking] = []
    for booking in recent:
        booking.evaluation_open = not booking.has_evaluation and booking.is_open_for_evaluation
        booking.follow_up_open = not booking.has_follow_up and booking.is_open_for_follow_up
        if booking.evaluation_open or booking.follow_up_open:
            waiting.append(booking)
    return waiting[:10]


def messages_sent(booking: Booking) -> list[BookingMessage]:
    """The messages about the booking that have gone out, oldest first."""
    return list(booking.messages.filter(sent_at__isnull=False).order_by("sent_at"))


def agency_of(user: User) -> Organisation | None:
    """The agency a person's places count for: a practitioner's registered agency, or the
    organisation of someone in the partnership."""
    practitioner = Practitioner.objects.filter(user=user).select_related("organisation").first()
    if practitioner is not None:
        return practitioner.organisation
    return user.organisation
