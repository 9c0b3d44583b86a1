"""Work kept in the cache until a record it came from changes (core.kept)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import TestCase

from core import kept, reminders
from core.models import Deadline, Notification
from core.services import deadlines as clock
from partnership.models import Organisation

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def counted():
    calls = []

    def work():
        calls.append(1)
        return f"worked out {len(calls)} times"

    return calls, work


def test_work_is_kept_until_a_record_of_its_sources_is_saved(agency, counted):
    calls, work = counted
    assert kept.kept("test:a", [Organisation], work) == "worked out 1 times"
    assert kept.kept("test:a", [Organisation], work) == "worked out 1 times"
    agency.name = "Renamed agency"
    agency.save()
    assert kept.kept("test:a", [Organisation], work) == "worked out 2 times"
    agency.delete()
    assert kept.kept("test:a", [Organisation], work) == "worked out 3 times"
    assert len(calls) == 3


def test_a_change_to_another_kind_of_record_leaves_it_but_everything_is_replaced(agency, business, counted):
    calls, work = counted
    kept.kept("test:b", [Organisation], work)
    kept.kept("test:everything", [kept.EVERYTHING], work)
    business.name = "Renamed person"
    business.save()
    kept.kept("test:b", [Organisation], work)
    assert len(calls) == 2
    kept.kept("test:everything", [kept.EVERYTHING], work)
    assert len(calls) == 3


def test_reading_writes_nothing_that_replaces_everything(business, counted):
    calls, work = counted
    kept.kept("test:c", [kept.EVERYTHING], work)
    Notification.objects.create(recipient=business, kind="reminder", title="x", body="x", url="/")
    kept.kept("test:c", [kept.EVERYTHING], work)
    assert len(calls) == 1


def test_a_write_without_a_signal_says_so(agency, counted):
    calls, work = counted
    kept.kept("test:d", [Organisation], work)
    Organisation.objects.filter(pk=agency.pk).update(name="Quietly renamed")
    kept.kept("test:d", [Organisation], work)
    assert len(calls) == 1  # update() sends no signal...
    kept.changed(Organisation)
    kept.kept("test:d", [Organisation], work)
    assert len(calls) == 2  # ...so the code that calls it says what changed


def test_the_change_is_told_again_when_it_commits(agency, counted):
    calls, work = counted
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        agency.save()
        # Worked out inside the transaction, from data another reader cannot see yet...
        kept.kept("test:e", [Organisation], work)
    for callback in callbacks:
        callback()
    # ...so it is not what the next reader gets once the change commits.
    kept.kept("test:e", [Organisation], work)
    assert len(calls) == 2


def test_nothing_kept_is_read_on_another_day(counted):
    calls, work = counted
    with time_machine.travel(datetime(2026, 12, 7, 23, 59, tzinfo=LONDON), tick=False):
        kept.kept("test:f", [Organisation], work)
        kept.kept("test:f", [Organisation], work)
    with time_machine.travel(datetime(2026, 12, 8, 0, 1, tzinfo=LONDON), tick=False):
        kept.kept("test:f", [Organisation], work)
    assert len(calls) == 2


def test_marking_deadlines_missed_replaces_what_was_kept_from_them(agency, counted):
    calls, work = counted
    clock.deadline_create(
        subject=agency, rule_key="rapid_review", start=date(2025, 6, 2), title="Rapid review", responsible_users=[]
    )
    day = date(2025, 6, 23) + timedelta(days=2)
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=LONDON), tick=False):
        kept.kept("test:g", [Deadline], work)
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert reminders.sweep().marked_missed == 1
        kept.kept("test:g", [Deadline], work)
    assert len(calls) == 2
