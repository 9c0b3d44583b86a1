"""Marking missed on its own connection, beside the sending (PostgreSQL, no transaction open).

These tests commit, as a worker's sweep does: the second connection sees only committed rows.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from core import reminders
from core.models import Deadline, SentReminder
from core.services import deadlines as clock

pytestmark = pytest.mark.django_db(transaction=True)
LONDON = ZoneInfo("Europe/London")
AFTER = datetime(2025, 6, 25, 9, tzinfo=LONDON)  # two days after the deadlines fall due


@pytest.fixture
def overdue(agency, member, chair):
    return [
        clock.deadline_create(
            subject=agency,
            rule_key="rapid_review",
            start=date(2025, 6, 2),
            title=f"Rapid review {n}",
            responsible_users=[member],
            escalation_users=[chair],
        )
        for n in range(3)
    ]  # due Monday 23 June 2025


def test_a_sweep_with_no_transaction_open_marks_missed_on_a_second_connection(overdue, monkeypatch):
    seen = []
    marking = reminders._mark_missed_sql

    def watched(today):
        seen.append(id(connection.connection))
        return marking(today)

    monkeypatch.setattr(reminders, "_mark_missed_sql", watched)
    with time_machine.travel(AFTER, tick=False):
        result = reminders.sweep()
    assert result.marked_missed == 3
    assert seen and seen[0] != id(connection.connection), "marking ran on the sweep's own connection"
    assert set(Deadline.objects.values_list("status", flat=True)) == {Deadline.Status.MISSED}
    history = Deadline.history.filter(history_change_reason=reminders.MISSED_REASON)
    assert sorted(history.values_list("id", flat=True)) == sorted(d.pk for d in overdue)
    # The sending went on beside it: overdue and escalation stages for each deadline.
    assert SentReminder.objects.count() == 6


def test_inside_a_transaction_the_sweep_marks_missed_in_it(overdue):
    with time_machine.travel(AFTER, tick=False), transaction.atomic():
        result = reminders.sweep()
        assert result.marked_missed == 3
        # Not yet committed, and visible here: it ran on this connection, in this transaction.
        assert Deadline.objects.filter(status=Deadline.Status.MISSED).count() == 3
        transaction.set_rollback(True)
    assert Deadline.objects.filter(status=Deadline.Status.MISSED).count() == 0
    assert SentReminder.objects.count() == 0


def test_a_failed_marking_is_raised_and_the_sending_stands(overdue, monkeypatch):
    def broken(today):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(reminders, "_mark_missed_sql", broken)
    with time_machine.travel(AFTER, tick=False), pytest.raises(RuntimeError, match="the disk is full"):
        reminders.sweep()
    assert Deadline.objects.filter(status=Deadline.Status.MISSED).count() == 0
    assert SentReminder.objects.count() == 6
    monkeypatch.undo()
    # The next sweep marks them, and sends nothing twice.
    with time_machine.travel(AFTER, tick=False):
        result = reminders.sweep()
    assert (result.marked_missed, result.pairs) == (3, 0)
