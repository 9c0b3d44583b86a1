"""Booking, the waiting list, cancelling, and sessions that move or are cancelled."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.models import Notification
from core.notifications import sent_about
from core.services import DomainError
from tests.factories import UserFactory
from training.models import Booking, Session
from training.services import bookings as services
from training.services import courses as course_services

from .builders import make_course, make_session, move_session

pytestmark = pytest.mark.django_db


def _members(count, agency):
    from core.roles import Role

    return [UserFactory(organisation=agency, roles=[Role.MEMBER]) for _ in range(count)]


def test_a_practitioners_place_counts_for_their_registered_agency(practitioner, agency, session):
    booking = services.booking_create(acting_user=practitioner, session=session)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.organisation == agency
    assert practitioner.organisation is None  # nothing of the agency's deadlines or plans opens to them
    assert Notification.objects.filter(recipient=practitioner, title__startswith="Place confirmed").exists()


def test_a_full_session_puts_people_on_the_waiting_list(session, agency):
    first, second, third = _members(3, agency)
    services.booking_create(acting_user=first, session=session)
    services.booking_create(acting_user=second, session=session)
    waiting = services.booking_create(acting_user=third, session=session)
    assert waiting.status == Booking.Status.WAITING
    assert waiting.confirmed_at is None


def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list_who_is_told(session, agency):
    first, second, third, fourth = _members(4, agency)
    place = services.booking_create(acting_user=first, session=session)
    services.booking_create(acting_user=second, session=session)
    next_in_line = services.booking_create(acting_user=third, session=session)
    later = services.booking_create(acting_user=fourth, session=session)
    services.booking_cancel(acting_user=first, booking=place)
    next_in_line.refresh_from_db()
    later.refresh_from_db()
    assert next_in_line.status == Booking.Status.CONFIRMED
    assert later.status == Booking.Status.WAITING
    told = Notification.objects.get(recipient=third, title__startswith="A place is yours")
    assert told.subject_id == next_in_line.pk


def test_the_business_unit_cancels_a_place_only_with_a_reason_and_the_person_is_told(business, practitioner, session):
    booking = services.booking_create(acting_user=practitioner, session=session)
    with pytest.raises(DomainError, match="Enter the reason"):
        services.booking_cancel(acting_user=business, booking=booking, reason=" ")
    services.booking_cancel(acting_user=business, booking=booking, reason="Booked on the wrong level")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == business
    message = sent_about(booking).get(title__startswith="Your place is cancelled")
    assert message.recipient == practitioner
    assert "Booked on the wrong level" in message.body


def test_nobody_else_cancels_someone_elses_place(member, practitioner, session):
    booking = services.booking_create(acting_user=practitioner, session=session)
    with pytest.raises(PermissionDenied):
        services.booking_cancel(acting_user=member, booking=booking)


def test_one_live_booking_per_person_and_session(practitioner, session):
    booking = services.booking_create(acting_user=practitioner, session=session)
    with pytest.raises(DomainError, match="already have a place"):
        services.booking_create(acting_user=practitioner, session=session)
    services.booking_cancel(acting_user=practitioner, booking=booking)
    again = services.booking_create(acting_user=practitioner, session=session)
    assert again.status == Booking.Status.CONFIRMED


def test_cannot_book_a_draft_course_a_cancelled_or_a_started_session(business, practitioner, outsider, session):
    draft = make_course(business, title="Draft course", publish=False)
    with pytest.raises(DomainError, match="not open for booking"):
        services.booking_create(acting_user=practitioner, session=make_session(business, draft))
    move_session(session, timezone.localdate() - timedelta(days=1))
    with pytest.raises(DomainError, match="already started"):
        services.booking_create(acting_user=practitioner, session=session)
    later = make_session(business, session.course)
    course_services.session_cancel(acting_user=business, session=later, reason="Trainer unwell")
    with pytest.raises(DomainError, match="cancelled"):
        services.booking_create(acting_user=practitioner, session=later)
    with pytest.raises(PermissionDenied):
        services.booking_create(acting_user=outsider, session=make_session(business, session.course))


def test_more_places_fill_from_the_waiting_list_and_fewer_than_confirmed_are_refused(business, session, agency):
    people = _members(4, agency)
    for person in people:
        services.booking_create(acting_user=person, session=session)
    fields = {"date": session.date, "start_time": session.start_time, "end_time": session.end_time}
    with pytest.raises(DomainError, match="2 places are already confirmed"):
        course_services.session_save(acting_user=business, course=session.course, session=session, capacity=1, **fields)
    course_services.session_save(acting_user=business, course=session.course, session=session, capacity=3, **fields)
    assert session.bookings.filter(status=Booking.Status.CONFIRMED).count() == 3
    assert session.bookings.get(person=people[2]).status == Booking.Status.CONFIRMED
    assert session.bookings.get(person=people[3]).status == Booking.Status.WAITING


def test_moving_a_session_tells_everyone_booked_and_updates_their_calendar(business, practitioner, session):
    services.booking_create(acting_user=practitioner, session=session)
    sequence = session.sequence
    course_services.session_save(
        acting_user=business,
        course=session.course,
        session=session,
        date=session.date + timedelta(days=7),
        start_time=time(13, 0),
        end_time=time(16, 0),
    )
    session.refresh_from_db()
    assert session.sequence == sequence + 1
    assert session.minutes == 180
    assert sent_about(session).filter(recipient=practitioner, title__startswith="Training session changed").exists()


def test_cancelling_a_session_cancels_every_place_and_tells_everyone(business, session, agency):
    people = _members(3, agency)
    for person in people:
        services.booking_create(acting_user=person, session=session)
    with pytest.raises(DomainError, match="Enter the reason"):
        course_services.session_cancel(acting_user=business, session=session, reason="")
    course_services.session_cancel(acting_user=business, session=session, reason="The venue flooded")
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert not session.bookings.exclude(status=Booking.Status.CANCELLED).exists()
    assert set(sent_about(session).values_list("recipient", flat=True)) == {p.pk for p in people}


def test_a_session_needs_a_place_and_an_end_after_its_start(business, course):
    with pytest.raises(Exception, match="venue, or an online joining link"):
        make_session(business, course, venue="")
    with pytest.raises(Exception, match="end time must be after"):
        make_session(business, course, start=time(14), end=time(13))
    with pytest.raises(DomainError, match="today or in the future"):
        course_services.session_save(
            acting_user=business,
            course=course,
            date=timezone.localdate() - timedelta(days=1),
            start_time=time(9),
            end_time=time(10),
            venue="Hall",
            capacity=5,
        )


def test_a_course_with_sessions_to_come_cannot_leave_the_programme(business, session):
    with pytest.raises(DomainError, match="1 upcoming session"):
        course_services.course_retire(acting_user=business, course=session.course)
