"""Building training records for tests: through the services where the service allows it,
and moving dates into the past directly (time passing, which no service does)."""

from datetime import date, time, timedelta

from django.utils import timezone

from training.models import Booking, Course, Session
from training.selectors.programme import agency_of
from training.services import bookings as booking_services
from training.services import courses as course_services
from training.services import pool as pool_services


def make_course(business, *, title="Working together", level="2", kind="course", publish=True, **extra) -> Course:
    course = course_services.course_save(
        acting_user=business,
        title=title,
        kind=kind,
        level=level,
        summary="How agencies work together to keep children safe.",
        outcomes="Know when to share information\nKnow how to escalate a concern",
        audience="Everyone who works with children",
        **extra,
    )
    if publish:
        course = course_services.course_publish(acting_user=business, course=course)
    return course


def make_trainer(business, person, organisation, courses=()):
    return pool_services.trainer_add(acting_user=business, person=person, organisation=organisation, courses=courses)


def make_session(
    business,
    course,
    *,
    day: date | None = None,
    start=time(9, 30),
    end=time(12, 30),
    capacity=20,
    trainers=(),
    past: bool = False,
    venue="Northbridge Town Hall, Room 2",
) -> Session:
    """A session on `day`; with past=True it is created in the future and moved to `day`."""
    when = day or timezone.localdate() + timedelta(days=7)
    session = course_services.session_save(
        acting_user=business,
        course=course,
        date=timezone.localdate() + timedelta(days=1) if past else when,
        start_time=start,
        end_time=end,
        venue=venue,
        online_link="",
        joining_instructions="Bring your ID badge.",
        capacity=capacity,
        trainers=list(trainers),
    )
    if past:
        Session.objects.filter(pk=session.pk).update(date=when)
        session.refresh_from_db()
    return session


def make_booking(person, session, *, attendance: str = "") -> Booking:
    """A confirmed place for `person` (booked through the service when the session is still
    ahead, directly when it has passed), with its attendance if given."""
    if session.has_started():
        booking = Booking.objects.create(
            session=session,
            person=person,
            organisation=agency_of(person),
            status=Booking.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
    else:
        booking = booking_services.booking_create(acting_user=person, session=session)
    if attendance:
        Booking.objects.filter(pk=booking.pk).update(attendance=attendance)
        Session.objects.filter(pk=session.pk).update(attendance_recorded_at=timezone.now())
        booking.refresh_from_db()
    return booking


def move_session(session: Session, day: date) -> Session:
    """Time passing: the session is now on `day`."""
    Session.objects.filter(pk=session.pk).update(date=day)
    session.refresh_from_db()
    return session
