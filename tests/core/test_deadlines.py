"""Deadline services: due dates follow the rules exactly, and every change is explained."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import Deadline
from core.services import DomainError
from core.services import deadlines as clock

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _at(day: date, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def subject(agency):
    return agency


def _notification_deadline(subject, aware: date, **kwargs):
    return clock.deadline_create(
        subject=subject, rule_key="serious_incident_notification", start=aware, title="Notify the Panel", **kwargs
    )


def test_notification_deadline_from_a_friday_before_christmas(subject, business):
    deadline = _notification_deadline(subject, date(2025, 12, 19), acting_user=business)
    assert deadline.due_date == date(2025, 12, 30)
    assert deadline.rule_summary == "5 working days after the local authority became aware"
    assert deadline.status == Deadline.Status.OPEN
    assert deadline.history.first().history_user == business


def test_a_closure_day_applies_to_deadlines_set_after_it(subject, business):
    before = _notification_deadline(subject, date(2025, 12, 19))
    with time_machine.travel(_at(date(2025, 11, 1))):
        clock.closure_add(acting_user=business, day=date(2025, 12, 29), reason="Offices closed")
    after = _notification_deadline(subject, date(2025, 12, 19))
    assert before.due_date == date(2025, 12, 30)
    assert after.due_date == date(2025, 12, 31)


def test_a_rule_change_applies_to_new_deadlines_and_to_old_ones_only_when_recalculated(subject, business):
    old = clock.deadline_create(subject=subject, rule_key="rapid_review", start=date(2025, 6, 2), title="Rapid review")
    assert old.due_date == date(2025, 6, 23)  # 15 working days after Monday 2 June
    rule = clock.rule_for("rapid_review")
    clock.rule_update(
        acting_user=business,
        rule=rule,
        amount=10,
        start_point="awareness",
        reminder_lead_days=2,
        escalate_after_days=1,
        reason="Local agreement with the Panel",
    )
    new = clock.deadline_create(subject=subject, rule_key="rapid_review", start=date(2025, 6, 2), title="Rapid review")
    assert new.due_date == date(2025, 6, 16)
    assert new.rule_summary == "10 working days after the local authority became aware"
    old.refresh_from_db()
    assert old.due_date == date(2025, 6, 23)
    with time_machine.travel(_at(date(2025, 6, 3))):
        clock.deadline_recalculate(deadline=old, acting_user=business, reason="Apply the new agreement")
    assert old.due_date == date(2025, 6, 16)
    assert rule.history.first().history_change_reason == "Local agreement with the Panel"


def test_rule_values_out_of_range_are_refused(business):
    from django.core.exceptions import ValidationError

    rule = clock.rule_for("rapid_review")
    for amount in (0, 261):
        with pytest.raises(ValidationError):
            clock.rule_update(
                acting_user=business,
                rule=rule,
                amount=amount,
                start_point="notification",
                reminder_lead_days=2,
                escalate_after_days=1,
                reason="x",
            )
    with pytest.raises(ValidationError):
        clock.rule_update(
            acting_user=business,
            rule=rule,
            amount=15,
            start_point="the moon",
            reminder_lead_days=2,
            escalate_after_days=1,
            reason="x",
        )


def test_only_the_business_unit_changes_rules(member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        clock.rule_update(
            acting_user=member,
            rule=clock.rule_for("rapid_review"),
            amount=3,
            start_point="notification",
            reminder_lead_days=1,
            escalate_after_days=1,
            reason="x",
        )


def test_practice_review_is_six_calendar_months_and_pausing_moves_it_on(subject, business):
    deadline = clock.deadline_create(
        subject=subject, rule_key="practice_review", start=date(2025, 8, 31), title="Review"
    )
    assert deadline.due_date == date(2026, 2, 28)
    with time_machine.travel(_at(date(2025, 10, 1))):
        clock.deadline_pause(deadline=deadline, acting_user=business, reason="Criminal proceedings")
    assert deadline.status == Deadline.Status.PAUSED
    with pytest.raises(DomainError):
        clock.deadline_move(deadline=deadline, due_date=date(2026, 3, 1), acting_user=business, reason="x")
    with time_machine.travel(_at(date(2025, 11, 15))):
        clock.deadline_resume(deadline=deadline, acting_user=business, reason="Trial concluded")
    assert deadline.due_date == date(2026, 2, 28) + timedelta(days=45)
    assert deadline.status == Deadline.Status.OPEN
    latest = deadline.history.order_by("-history_id").first()
    assert "Resumed after a pause from 1 October 2025" in latest.history_change_reason


def test_pausing_a_working_day_deadline_moves_it_by_working_days(subject, business):
    deadline = clock.deadline_create(subject=subject, rule_key="rapid_review", start=date(2025, 12, 1), title="RR")
    assert deadline.due_date == date(2025, 12, 22)
    with time_machine.travel(_at(date(2025, 12, 5))):  # Friday
        clock.deadline_pause(deadline=deadline, acting_user=business, reason="Waiting for the coroner")
    with time_machine.travel(_at(date(2025, 12, 12))):  # the next Friday: 5 working days later
        clock.deadline_resume(deadline=deadline, acting_user=business)
    # 22 December + 5 working days skips Christmas Day and Boxing Day.
    assert deadline.due_date == date(2025, 12, 31)


def test_meeting_late_is_recorded_as_late(subject, business):
    deadline = _notification_deadline(subject, date(2025, 6, 2))
    with time_machine.travel(_at(date(2025, 6, 12))):
        clock.deadline_meet(deadline=deadline, acting_user=business, reason="Notification sent")
    assert deadline.status == Deadline.Status.MET and deadline.met_by == business
    assert deadline.met_on_time is False


def test_met_and_cancelled_deadlines_cannot_change(subject, business):
    deadline = _notification_deadline(subject, date(2025, 6, 2))
    clock.deadline_meet(deadline=deadline, acting_user=business)
    for action in (
        lambda: clock.deadline_meet(deadline=deadline, acting_user=business),
        lambda: clock.deadline_pause(deadline=deadline, acting_user=business, reason="x"),
        lambda: clock.deadline_cancel(deadline=deadline, acting_user=business, reason="x"),
    ):
        with pytest.raises(DomainError):
            action()


def test_moving_needs_a_reason_and_a_different_date(subject, business):
    deadline = _notification_deadline(subject, date(2030, 6, 3))
    with pytest.raises(DomainError, match="reason"):
        clock.deadline_move(deadline=deadline, due_date=date(2030, 7, 1), acting_user=business, reason=" ")
    with pytest.raises(DomainError, match="same"):
        clock.deadline_move(deadline=deadline, due_date=deadline.due_date, acting_user=business, reason="x")
    clock.deadline_move(
        deadline=deadline, due_date=date(2030, 7, 1), acting_user=business, reason="Agreed with the Panel"
    )
    assert deadline.original_due_date == date(2030, 6, 10)
    assert deadline.history.first().history_change_reason == "Moved: Agreed with the Panel"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2020, 1, 6), "no more than a year ago"),
        (date(2035, 1, 8), "no more than 3 years ahead"),
        (date(2025, 12, 27), "weekend"),
        (date(2025, 12, 25), "bank holiday"),
    ],
)
def test_closure_days_outside_sensible_limits_are_refused(business, day, message):
    with time_machine.travel(_at(date(2025, 11, 1))), pytest.raises(DomainError, match=message):
        clock.closure_add(acting_user=business, day=day, reason="Closed")


def test_a_closure_day_cannot_be_added_twice(business):
    with time_machine.travel(_at(date(2025, 11, 1))):
        clock.closure_add(acting_user=business, day=date(2025, 12, 29), reason="Closed")
        with pytest.raises(DomainError, match="already"):
            clock.closure_add(acting_user=business, day=date(2025, 12, 29), reason="Closed")


def test_live_overdue_and_due_between_are_single_indexed_queries(subject, django_assert_num_queries):
    today = date(2030, 1, 15)
    _notification_deadline(subject, date(2030, 1, 1), responsible_organisation=subject)
    with django_assert_num_queries(1):
        assert Deadline.objects.overdue(today).filter(responsible_organisation=subject).count() == 1
    with django_assert_num_queries(1):
        assert Deadline.objects.due_between(today, today + timedelta(days=30)).count() == 0
