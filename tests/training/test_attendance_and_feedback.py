"""Attendance marked by the session's trainers, evaluations, follow-ups and certificates."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.services import DomainError
from training.models import Booking
from training.services import attendance as attendance_services
from training.services import feedback as services

from .builders import make_booking, make_session, move_session

pytestmark = pytest.mark.django_db

ANSWERS = {
    "confidence_before": 2,
    "confidence_after": 4,
    "usefulness": 5,
    "will_do_differently": "See the child on their own",
}


def test_the_trainer_marks_everyone_and_non_attendance_counts_against_the_agency(
    member, practitioner, agency_lead, session, agency
):
    place = make_booking(practitioner, session)
    other = make_booking(agency_lead, session)
    with pytest.raises(DomainError, match="once the session has started"):
        attendance_services.attendance_record(acting_user=member, session=session, marks={place.pk: "attended"})
    move_session(session, timezone.localdate() - timedelta(days=1))
    with pytest.raises(DomainError, match="for everyone"):
        attendance_services.attendance_record(acting_user=member, session=session, marks={place.pk: "attended"})
    changed = attendance_services.attendance_record(
        acting_user=member, session=session, marks={place.pk: "attended", other.pk: "absent"}
    )
    assert changed == 2
    other.refresh_from_db()
    assert other.attendance == Booking.Attendance.ABSENT
    assert other.organisation == agency
    session.refresh_from_db()
    assert session.attendance_recorded_by == member


def test_only_the_sessions_trainers_and_the_business_unit_mark_attendance(business, executive, chair, course, session):
    other = make_session(business, course, past=True, day=timezone.localdate() - timedelta(days=2))
    with pytest.raises(PermissionDenied):
        attendance_services.attendance_record(acting_user=chair, session=other, marks={})
    with pytest.raises(PermissionDenied):
        attendance_services.attendance_record(acting_user=executive, session=other, marks={})
    assert attendance_services.attendance_record(acting_user=business, session=other, marks={}) == 0


def test_an_evaluation_once_the_session_ends_by_someone_who_came(practitioner, member, session):
    booking = make_booking(practitioner, session)
    with pytest.raises(DomainError, match="once it has ended"):
        services.evaluation_submit(acting_user=practitioner, booking=booking, **ANSWERS)
    move_session(session, timezone.localdate() - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(acting_user=member, booking=booking, **ANSWERS)
    evaluation = services.evaluation_submit(acting_user=practitioner, booking=booking, **ANSWERS)
    assert evaluation.session == session
    assert evaluation.confidence_change == 2
    with pytest.raises(DomainError, match="already evaluated"):
        services.evaluation_submit(acting_user=practitioner, booking=booking, **ANSWERS)


def test_no_evaluation_from_someone_marked_absent(practitioner, session):
    booking = make_booking(practitioner, session)
    move_session(session, timezone.localdate() - timedelta(days=1))
    Booking.objects.filter(pk=booking.pk).update(attendance=Booking.Attendance.ABSENT)
    booking.refresh_from_db()
    with pytest.raises(DomainError):
        services.evaluation_submit(acting_user=practitioner, booking=booking, **ANSWERS)


def test_the_follow_up_opens_three_months_after_a_session_attended(practitioner, session):
    booking = make_booking(practitioner, session)
    move_session(session, timezone.localdate() - timedelta(days=60))
    Booking.objects.filter(pk=booking.pk).update(attendance=Booking.Attendance.ATTENDED)
    booking.refresh_from_db()
    answer = {"practice_changed": "yes", "what_changed": "I record the child's words"}
    with pytest.raises(DomainError, match="3 months after"):
        services.follow_up_submit(acting_user=practitioner, booking=booking, **answer)
    move_session(session, timezone.localdate() - timedelta(days=95))
    booking.refresh_from_db()
    follow_up = services.follow_up_submit(acting_user=practitioner, booking=booking, **answer)
    assert follow_up.session == session
    with pytest.raises(DomainError, match="already answered"):
        services.follow_up_submit(acting_user=practitioner, booking=booking, **answer)
