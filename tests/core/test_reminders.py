"""Reminders: each stage once, to the right people, and never after the deadline changes."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from core import notifications, reminders
from core.models import Deadline, Notification, NotificationPreference, SentReminder
from core.services import deadlines as clock
from core.tasks import send_digests, sweep_deadlines

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _on(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


def _sweep(day: date):
    # Emails go out when the reminders' transaction commits; the test's transaction never
    # does, so run those callbacks as a commit would.
    with _on(day), TestCase.captureOnCommitCallbacks(execute=True):
        return reminders.sweep()


@pytest.fixture
def deadline(agency, member, chair):
    # Rapid review rule: first reminder 3 working days ahead, escalation after 1 working day overdue.
    return clock.deadline_create(
        subject=agency,
        rule_key="rapid_review",
        start=date(2025, 6, 2),
        title="Rapid review due",
        responsible_users=[member],
        escalation_users=[chair],
    )  # due Monday 23 June 2025


def _titles(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 6, 17), []),
        (date(2025, 6, 18), ["before@2025-06-23"]),
        (date(2025, 6, 20), ["before@2025-06-23"]),
        (date(2025, 6, 23), ["due@2025-06-23"]),
        (date(2025, 6, 24), ["overdue1@2025-06-23", "escalation@2025-06-23"]),
        (date(2025, 7, 1), ["overdue2@2025-06-23", "escalation@2025-06-23"]),
    ],
)
def test_stages_due(today, expected):
    assert reminders.stages_due(date(2025, 6, 23), today, lead=3, escalate_after=1) == expected


def test_each_stage_is_sent_once_to_the_responsible_person(deadline, member, chair, business):
    assert _sweep(date(2025, 6, 17)).pairs == 0
    _sweep(date(2025, 6, 18))
    _sweep(date(2025, 6, 18))
    _sweep(date(2025, 6, 19))
    assert _titles(member) == ["Due in 3 working days: Rapid review due"]
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Due Monday 23 June 2025" in mail.outbox[0].body
    _sweep(date(2025, 6, 23))
    assert _titles(member)[-1] == "Due today: Rapid review due"
    _sweep(date(2025, 6, 24))
    assert _titles(member)[-1] == "Overdue by 1 working day: Rapid review due"
    # The escalation goes to the overseer and the business unit, not the person responsible.
    assert _titles(chair) == ["Escalation, overdue by 1 working day: Rapid review due"]
    assert _titles(business) == ["Escalation, overdue by 1 working day: Rapid review due"]
    _sweep(date(2025, 6, 30))
    assert len(_titles(member)) == 3
    _sweep(date(2025, 7, 1))
    assert _titles(member)[-1] == "Overdue by 6 working days: Rapid review due"
    assert SentReminder.objects.filter(deadline=deadline).count() == 5
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED


def test_moving_a_deadline_starts_its_reminders_again_for_the_new_date(deadline, member, business):
    _sweep(date(2025, 6, 18))
    with _on(date(2025, 6, 18)):
        clock.deadline_move(deadline=deadline, due_date=date(2025, 7, 7), acting_user=business, reason="Panel agreed")
    _sweep(date(2025, 6, 23))
    assert len(_titles(member)) == 1  # nothing on the old due date
    _sweep(date(2025, 7, 2))
    assert _titles(member)[-1] == "Due in 3 working days: Rapid review due"


@pytest.mark.parametrize("change", ["pause", "meet", "cancel"])
def test_paused_met_or_cancelled_deadlines_get_no_reminders(deadline, member, business, change):
    with _on(date(2025, 6, 16)):
        if change == "pause":
            clock.deadline_pause(deadline=deadline, acting_user=business, reason="Coroner")
        elif change == "meet":
            clock.deadline_meet(deadline=deadline, acting_user=business)
        else:
            clock.deadline_cancel(deadline=deadline, acting_user=business, reason="Duplicate")
    for day in (date(2025, 6, 18), date(2025, 6, 23), date(2025, 6, 30)):
        _sweep(day)
    assert _titles(member) == []
    assert not mail.outbox


def test_a_reminder_queued_before_the_deadline_was_met_is_not_sent(deadline, member, business):
    with _on(date(2025, 6, 18)):
        pending = reminders.due_pairs()
        assert pending
        clock.deadline_meet(deadline=deadline, acting_user=business)
        assert reminders.send_batch(pending) == 0
    assert _titles(member) == []


def test_organisation_deadlines_go_to_its_leads(agency, agency_lead, member):
    clock.deadline_create(
        subject=agency,
        rule_key="audit_return",
        start=date(2025, 5, 1),
        due_date=date(2025, 6, 23),
        title="Section 11 return",
        responsible_organisation=agency,
    )
    _sweep(date(2025, 6, 23))
    assert _titles(agency_lead) == ["Due today: Section 11 return"]
    assert _titles(member) == []


def test_nobody_named_means_the_business_unit_is_told(agency, business):
    clock.deadline_create(
        subject=agency,
        rule_key="audit_return",
        start=date(2025, 5, 1),
        due_date=date(2025, 6, 23),
        title="Unowned return",
    )
    _sweep(date(2025, 6, 23))
    assert _titles(business) == ["Due today: Unowned return"]


def test_digest_readers_get_one_email_a_day_but_escalations_at_once(deadline, member, chair):
    for person in (member, chair):
        for kind in notifications.KINDS:
            NotificationPreference.objects.create(user=person, kind=kind, mode=Notification.EmailMode.DIGEST)
    _sweep(date(2025, 6, 18))
    _sweep(date(2025, 6, 24))
    assert [m.to for m in mail.outbox] == [[chair.email]]  # the escalation only
    mail.outbox.clear()
    assert send_digests.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "2 updates" in mail.outbox[0].subject
    assert send_digests.delay().get() == 0


def test_the_beat_task_runs_the_sweep(deadline, member):
    with _on(date(2025, 6, 18)):
        result = sweep_deadlines.delay().get()
    assert result["pairs"] == 1
    assert _titles(member) == ["Due in 3 working days: Rapid review due"]
