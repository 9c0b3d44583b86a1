"""What the training programme tells a person's data export and the retention review."""

import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from openpyxl import load_workbook

from core import personal_data, retention
from training.models import Booking, Evaluation

from .builders import make_booking, make_session

pytestmark = pytest.mark.django_db


def _evaluated(business, practitioner, course):
    session = make_session(business, course, day=timezone.localdate() - timedelta(days=2), past=True)
    booking = make_booking(practitioner, session, attendance="attended")
    Evaluation.objects.create(
        session=session,
        booking=booking,
        confidence_before=2,
        confidence_after=4,
        usefulness=5,
        will_do_differently="Ask about the child's day",
    )
    return booking


def test_a_practitioners_export_holds_their_bookings_answers_and_agency(business, practitioner, course, agency):
    _evaluated(business, practitioner, course)
    book = load_workbook(io.BytesIO(personal_data.export(practitioner)))
    bookings = list(book["Training bookings"].iter_rows(values_only=True))
    assert bookings[1][0] == course.title
    assert bookings[1][4] == "Attended"
    evaluations = list(book["Training evaluations"].iter_rows(values_only=True))
    assert evaluations[1][5] == "Ask about the child's day"
    registration = [s for s in book.sheetnames if s.startswith("Training registration")]
    rows = list(book[registration[0]].iter_rows(values_only=True))
    assert rows[1][:2] == ("Registered to book training", agency.name)


def test_bookings_are_due_six_years_after_the_session(business, practitioner, course):
    booking = _evaluated(business, practitioner, course)
    later = timezone.localdate() + relativedelta(years=6)
    assert booking.pk in set(retention.due("training_bookings", today=later).values_list("pk", flat=True))
    assert not retention.due("training_bookings", today=later - relativedelta(years=1)).exists()


def test_an_anonymised_evaluation_stays_in_the_results_without_its_person(business, practitioner, course):
    booking = _evaluated(business, practitioner, course)
    evaluation = Evaluation.objects.get(booking=booking)
    later = timezone.localdate() + relativedelta(years=3, days=1)
    assert list(retention.due("training_evaluations", today=later)) == [evaluation]
    retention.dispose(
        acting_user=business, key="training_evaluations", pks=[evaluation.pk], reason="Period over", today=later
    )
    evaluation.refresh_from_db()
    assert evaluation.booking is None
    assert evaluation.session == booking.session
    assert not retention.due("training_evaluations", today=later).exists()
    assert Booking.objects.filter(pk=booking.pk).exists()
    assert not evaluation.history.exists()
