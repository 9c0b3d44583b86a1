"""What the portal sends about bookings on its own, each exactly once: the reminder before a
session, the evaluation request after it, the 3-month follow-up and its one chase."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from core.models import Notification
from training import sweep
from training.models import Booking, BookingMessage, Evaluation, FollowUp
from training.services import bookings as services
from training.tasks import sweep_training_messages

from .builders import make_booking, make_session, move_session

pytestmark = pytest.mark.django_db
Stage = BookingMessage.Stage


def _run(now=None) -> int:
    return sweep.sweep(dispatch=lambda pairs: sweep.send(pairs, now=now), now=now).pairs


def _messages(person, kind):
    return Notification.objects.filter(recipient=person, kind=kind)


def test_a_reminder_goes_two_days_before_and_only_once(business, practitioner, course):
    soon = make_session(business, course, day=timezone.localdate() + timedelta(days=2))
    later = make_session(business, course, day=timezone.localdate() + timedelta(days=9))
    services.booking_create(acting_user=practitioner, session=soon)
    services.booking_create(acting_user=practitioner, session=later)
    sweep_training_messages.delay()
    sweep_training_messages.delay()
    reminders = _messages(practitioner, "training_reminder")
    assert reminders.count() == 1
    assert reminders.get().title.startswith(f"Reminder: {course.title}")
    assert BookingMessage.objects.filter(stage=Stage.REMINDER, sent_at__isnull=False).count() == 1


def test_sending_the_same_pairs_twice_sends_once(practitioner, session):
    booking = services.booking_create(acting_user=practitioner, session=session)
    move_session(session, timezone.localdate() + timedelta(days=1))
    pairs = sweep.due_pairs()
    assert pairs == [(booking.pk, Stage.REMINDER)]
    assert sweep.send(pairs) == 1
    assert sweep.send(pairs) == 0
    assert _messages(practitioner, "training_reminder").count() == 1


def test_two_sessions_in_one_sweep_make_one_message(business, practitioner, course):
    for hours in (9, 14):
        day_after = make_session(
            business, course, day=timezone.localdate() + timedelta(days=1), start=time(hours), end=time(hours + 2)
        )
        services.booking_create(acting_user=practitioner, session=day_after)
    _run()
    reminder = _messages(practitioner, "training_reminder").get()
    assert reminder.title == "Reminder: 2 training sessions coming up"
    assert BookingMessage.objects.filter(stage=Stage.REMINDER).count() == 2


def test_a_waiting_list_place_and_a_cancelled_place_get_no_reminder(business, practitioner, member, course):
    session = make_session(business, course, day=timezone.localdate() + timedelta(days=1), capacity=1)
    services.booking_create(acting_user=member, session=session)
    waiting = services.booking_create(acting_user=practitioner, session=session)
    assert waiting.status == Booking.Status.WAITING
    services.booking_cancel(acting_user=member, booking=session.bookings.get(person=member))
    # The place went to the practitioner, who is reminded; the cancelled place is not.
    _run()
    assert _messages(practitioner, "training_reminder").count() == 1
    assert not _messages(member, "training_reminder").exists()


def test_the_evaluation_request_goes_when_the_session_ends_and_not_to_those_absent(
    business, practitioner, member, course
):
    today = timezone.localdate()
    session = make_session(business, course, day=today, start=time(9), end=time(11))
    attended = make_booking(practitioner, session)
    absent = make_booking(member, session)
    Booking.objects.filter(pk=absent.pk).update(attendance=Booking.Attendance.ABSENT)
    at_ten = timezone.make_aware(datetime.combine(today, time(10)))
    assert (attended.pk, Stage.EVALUATION) not in sweep.due_pairs(at_ten)
    at_noon = timezone.make_aware(datetime.combine(today, time(12)))
    _run(at_noon)
    request = _messages(practitioner, "training_feedback").get()
    assert request.url == f"/training/bookings/{attended.pk}/evaluation/"
    assert not _messages(member, "training_feedback").exists()


def test_no_evaluation_request_once_evaluated(business, practitioner, course):
    session = make_session(business, course, day=timezone.localdate() - timedelta(days=1), past=True)
    booking = make_booking(practitioner, session, attendance="attended")
    Evaluation.objects.create(
        session=session,
        booking=booking,
        confidence_before=2,
        confidence_after=4,
        usefulness=5,
        will_do_differently="Listen",
    )
    assert _run() == 0


def test_the_follow_up_goes_three_months_on_and_is_chased_once(business, practitioner, course):
    today = timezone.localdate()
    session = make_session(business, course, day=today - timedelta(days=60), past=True)
    booking = make_booking(practitioner, session, attendance="attended")
    BookingMessage.objects.create(booking=booking, stage=Stage.EVALUATION, sent_at=timezone.now())
    assert (booking.pk, Stage.FOLLOW_UP) not in sweep.due_pairs()
    with time_machine.travel(timezone.now() + timedelta(days=35), tick=False):
        _run()
        _run()
        assert _messages(practitioner, "training_feedback").filter(title__startswith="Three months on").count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=42), tick=False):
        assert _run() == 0  # a week after the follow-up: not chased yet
    with time_machine.travel(timezone.now() + timedelta(days=50), tick=False):
        _run()
        _run()
    with time_machine.travel(timezone.now() + timedelta(days=70), tick=False):
        _run()
    chases = _messages(practitioner, "training_feedback").filter(title__startswith="Reminder: three months on")
    assert chases.count() == 1
    assert "the only reminder" in chases.get().body


def test_an_answered_follow_up_is_not_chased(business, practitioner, course):
    session = make_session(business, course, day=timezone.localdate() - timedelta(days=95), past=True)
    booking = make_booking(practitioner, session, attendance="attended")
    BookingMessage.objects.create(booking=booking, stage=Stage.EVALUATION, sent_at=timezone.now())
    _run()
    FollowUp.objects.create(session=session, booking=booking, practice_changed="yes", what_changed="I listen more")
    with time_machine.travel(timezone.now() + timedelta(days=20), tick=False):
        assert _run() == 0


def test_a_session_long_past_sends_nothing_new(business, practitioner, course):
    """Old bookings (imported, or from before the portal) do not suddenly get requests."""
    session = make_session(business, course, day=timezone.localdate() - timedelta(days=200), past=True)
    make_booking(practitioner, session, attendance="attended")
    assert _run() == 0
