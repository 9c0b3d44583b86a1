"""Courses and sessions: the programme the business unit runs."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from core import calendar, notifications
from core.models import LearningToChange
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import StrategicPriority, User

from .. import permissions
from ..models import Booking, Course, Session, Trainer
from . import BOOKING, when
from .bookings import fill_from_waiting_list, live_bookings

COURSE_FIELDS = ("title", "kind", "level", "summary", "outcomes", "audience")
SESSION_FIELDS = ("date", "start_time", "end_time", "venue", "online_link", "joining_instructions", "capacity")
# A change to any of these moves the session in people's calendars, so they are told.
MOVING_FIELDS = ("date", "start_time", "end_time", "venue", "online_link")


@transaction.atomic
def course_save(
    *,
    acting_user: User,
    course: Course | None = None,
    priorities: Iterable[StrategicPriority] | None = None,
    learning: Iterable[LearningToChange] | None = None,
    **fields: Any,
) -> Course:
    refuse_unless(permissions.manages_training(acting_user))
    creating = course is None
    course = course or Course(created_by=acting_user)
    for name, value in fields.items():
        if name not in COURSE_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(course, name, value.strip() if isinstance(value, str) else value)
    save_with_history(course, acting_user=acting_user, reason="Added to the programme" if creating else "Changed")
    if priorities is not None:
        course.priorities.set(list(priorities))
    if learning is not None:
        course.learning.set(list(learning))
    return course


@transaction.atomic
def course_publish(*, acting_user: User, course: Course) -> Course:
    """Publish the course: it appears in the public catalogue and practitioners can book it."""
    refuse_unless(permissions.manages_training(acting_user))
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.is_published:
        raise DomainError("This course is already published")
    course.status = Course.Status.PUBLISHED
    course.published_on = course.published_on or calendar.today()
    return save_with_history(course, acting_user=acting_user, reason="Published")


@transaction.atomic
def course_retire(*, acting_user: User, course: Course) -> Course:
    """Take the course out of the programme. Its sessions, bookings and results stay."""
    refuse_unless(permissions.manages_training(acting_user))
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == Course.Status.RETIRED:
        raise DomainError("This course is already out of the programme")
    upcoming = course.sessions.filter(status=Session.Status.SCHEDULED, date__gte=calendar.today()).count()
    if upcoming:
        raise DomainError(
            f"The course has {upcoming} upcoming session{'s' if upcoming != 1 else ''}: cancel "
            f"{'them' if upcoming != 1 else 'it'} first"
        )
    course.status = Course.Status.RETIRED
    return save_with_history(course, acting_user=acting_user, reason="Taken out of the programme")


@transaction.atomic
def session_save(
    *,
    acting_user: User,
    course: Course,
    session: Session | None = None,
    trainers: Iterable[Trainer] | None = None,
    **fields: Any,
) -> Session:
    """Add a session, or change one. Moving it (date, times, place) tells everyone booked and
    updates their calendar file; more places go to the waiting list at once; fewer places than
    are already confirmed are refused."""
    refuse_unless(permissions.manages_training(acting_user))
    creating = session is None
    if session is None:
        if course.status == Course.Status.RETIRED:
            raise DomainError("This course is no longer run: put it back in the programme before adding sessions")
        if fields.get("date") and fields["date"] < calendar.today():
            raise DomainError("The date of a new session must be today or in the future")
        session = Session(course=course)
    else:
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise DomainError("This session is cancelled, so it cannot be changed")
    before = {name: getattr(session, name) for name in MOVING_FIELDS}
    for name, value in fields.items():
        if name not in SESSION_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    moved = not creating and any(getattr(session, name) != before[name] for name in MOVING_FIELDS)
    confirmed = 0 if creating else session.bookings.filter(status=Booking.Status.CONFIRMED).count()
    if session.capacity is not None and session.capacity < confirmed:
        raise DomainError(
            f"{confirmed} places are already confirmed: keep at least {confirmed} places, or cancel bookings first"
        )
    if moved:
        session.sequence += 1
    save_with_history(
        session,
        acting_user=acting_user,
        reason="Added" if creating else ("Moved: " + when(session) if moved else "Changed"),
    )
    if trainers is not None:
        session.trainers.set(list(trainers))
    if moved:
        people = [b.person for b in live_bookings(session).select_related("person")]
        notifications.notify(
            people,
            kind=BOOKING.key,
            title=f"Training session changed: {session.course}, now {when(session)}"[:300],
            body=f"Where: {session.where}. Your place is kept; download the calendar file again from your booking.",
            url=session.get_absolute_url(),
            subject=session,
        )
    if not creating:
        fill_from_waiting_list(session, acting_user=acting_user)
    return session


@transaction.atomic
def session_cancel(*, acting_user: User, session: Session, reason: str) -> Session:
    """Cancel the session: every place and waiting-list place is cancelled and everyone booked
    is told why."""
    refuse_unless(permissions.manages_training(acting_user))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError("This session is already cancelled")
    if session.has_ended():
        raise DomainError("This session has taken place, so it cannot be cancelled")
    if not reason.strip():
        raise DomainError("Enter the reason for cancelling the session")
    session.status = Session.Status.CANCELLED
    session.cancelled_at = timezone.now()
    session.cancellation_reason = reason.strip()
    session.sequence += 1
    save_with_history(session, acting_user=acting_user, reason=f"Cancelled: {reason.strip()}")
    bookings = list(live_bookings(session).select_related("person"))
    now = timezone.now()
    for booking in bookings:
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = acting_user
        booking.cancellation_reason = "The session was cancelled"
        save_with_history(booking, acting_user=acting_user, reason="The session was cancelled")
    notifications.notify(
        [b.person for b in bookings],
        kind=BOOKING.key,
        title=f"Training session cancelled: {session.course} on {session.date:%-d %B %Y}"[:300],
        body=f"{reason.strip()}\n\nYour place is cancelled. Other sessions are in the programme.",
        url=session.course.get_public_url() if session.course.is_published else "",
        subject=session,
    )
    return session
