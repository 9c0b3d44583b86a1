"""One message per person per sweep, and the set-based sweep agreeing with the Python one."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test import TestCase

from core import calendar, reminder_sql, reminders
from core.models import Deadline, Notification, SentReminder
from core.services import deadlines as clock
from core.working_days import add_working_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 6, 23)  # a Monday


def _on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=LONDON), tick=False)


def _sweep(day: date, **kwargs):
    with _on(day), TestCase.captureOnCommitCallbacks(execute=True):
        return reminders.sweep(**kwargs)


@pytest.fixture
def returns(agency, agency_lead):
    """14 returns overdue well past the escalation point, 2 due in 3 working days."""
    made = []
    for index in range(14):
        made.append(
            clock.deadline_create(
                subject=agency,
                rule_key="audit_return",
                start=date(2025, 4, 1),
                due_date=date(2025, 6, 2) + timedelta(days=index % 3),
                title=f"Section 175 return {index}",
                responsible_organisation=agency,
            )
        )
    for index in range(2):
        made.append(
            clock.deadline_create(
                subject=agency,
                rule_key="audit_return",
                start=date(2025, 4, 1),
                due_date=date(2025, 6, 26),
                title=f"Section 11 return {index}",
                responsible_organisation=agency,
            )
        )
    return made


@pytest.mark.parametrize("sql", [True, False])
def test_one_message_per_person_and_kind_lists_what_fell_due(returns, agency_lead, business, chair, sql):
    result = _sweep(TODAY, sql=sql)
    assert result.pairs == 14 * 2 + 2  # overdue and escalation for each overdue one, before for two
    assert result.marked_missed == 14
    lead = Notification.objects.get(recipient=agency_lead)
    assert lead.title == "Deadlines: 14 overdue, 2 due soon"
    assert lead.url == "/deadlines/?status=live"
    assert "Overdue (14):" in lead.body and "Due soon (2):" in lead.body
    assert "- Section 11 return 0: due Thu 26 Jun 2025, in 3 working days" in lead.body
    assert SentReminder.objects.filter(notification_ids__contains=[lead.pk]).count() == 16
    escalation = Notification.objects.get(recipient=business)
    assert escalation.kind == "deadline_escalation"
    assert escalation.title == (
        "Escalation: 14 deadlines are overdue beyond the partnership's rule: Self-assessment return"
    )
    assert escalation.url == "/deadlines/?scope=all&status=overdue"
    assert SentReminder.objects.filter(notification_ids__contains=[escalation.pk]).count() == 14
    assert not Notification.objects.filter(recipient=chair).exists()
    # Exactly once per (deadline, stage): each ledger row is in one message per person told.
    assert SentReminder.objects.count() == 30
    assert set(SentReminder.objects.values_list("recipients_count", flat=True)) == {1}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agency_lead.email, business.email])
    # The next sweep the same day sends nothing; a week on, only the new overdue week is sent,
    # again as one message.
    assert _sweep(TODAY, sql=sql).pairs == 0
    assert len(mail.outbox) == 2
    _sweep(TODAY + timedelta(days=7), sql=sql)
    newest = Notification.objects.filter(recipient=agency_lead).first()
    assert newest.title.startswith("16 deadlines are now overdue") or newest.title.startswith("Deadlines: ")
    assert Notification.objects.filter(recipient=agency_lead).count() == 2
    assert Notification.objects.filter(recipient=business).count() == 1


def test_two_items_due_on_the_same_day_read_as_one_message(agency, agency_lead):
    for index in range(2):
        clock.deadline_create(
            subject=agency,
            rule_key="audit_return",
            start=date(2025, 4, 1),
            due_date=date(2025, 6, 26),
            title=f"Return {index}",
            responsible_organisation=agency,
        )
    _sweep(TODAY)
    assert list(Notification.objects.values_list("title", flat=True)) == [
        "Due in 3 working days: 2 items: Self-assessment return"
    ]


def test_the_deadline_page_lists_what_was_sent_about_it(returns, agency_lead, business, client_for):
    _sweep(TODAY)
    response = client_for(business).get(returns[0].get_absolute_url())
    html = response.content.decode()
    assert "Reminders, chases and escalations sent" in html
    assert agency_lead.name in html and business.name in html
    assert "Deadlines: 14 overdue, 2 due soon" in html
    untouched = clock.deadline_create(
        subject=returns[0].subject, rule_key="action", start=TODAY, title="Later", due_date=TODAY + timedelta(90)
    )
    assert "Nothing has been sent about this yet" in client_for(business).get(untouched.get_absolute_url()).text


def _sql_and_python(day: date) -> tuple[set, set]:
    """The (deadline, stage) pairs each path would insert on `day`, writing nothing."""
    with _on(day):
        calendar.sync_calendar_days(day)
        return set(reminder_sql.due(day)), set(reminders._due_python(day, None))


def test_the_set_based_stages_match_the_reference_across_bank_holidays_and_closures(agency, business):
    with _on(date(2025, 12, 1)):
        clock.closure_add(acting_user=business, day=date(2025, 12, 29), reason="Office closed")
    first = date(2025, 11, 20)
    for offset in range(70):
        for rule in ("rapid_review", "audit_return", "action"):
            clock.deadline_create(
                subject=agency, rule_key=rule, start=first, due_date=first + timedelta(days=offset), title="Due"
            )
    assert connection.vendor == "postgresql"
    for day in [first + timedelta(days=n) for n in range(0, 75, 2)]:
        sql, python = _sql_and_python(day)
        assert sql == python, day


def test_the_stored_calendar_matches_the_reference_for_every_day_2020_to_2030(business):
    """For every day D from 2020 to 2030 and N in -30..30, the Nth working day after D found by
    a join on the stored ordinals is core.working_days.add_working_days(D, N)."""
    with _on(date(2025, 12, 1)):
        clock.closure_add(acting_user=business, day=date(2025, 12, 29), reason="Office closed")
        calendar.sync_calendar_days(date(2025, 12, 1))
    closures = calendar.closure_days()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT d.day, n.n, CASE WHEN n.n = 0 THEN d.day ELSE w.day END
            FROM core_calendarday d
            CROSS JOIN generate_series(-30, 30) AS n(n)
            LEFT JOIN core_calendarday w ON w.is_working AND w.ordinal = d.ordinal + n.n
                + CASE WHEN n.n < 0 AND NOT d.is_working THEN 1 ELSE 0 END
            WHERE d.day BETWEEN '2020-01-01' AND '2030-12-31'
            """
        )
        rows = cursor.fetchall()
    assert len(rows) == (date(2030, 12, 31) - date(2020, 1, 1)).days * 61 + 61
    wrong = [(day, n, got) for day, n, got in rows if got != add_working_days(day, n, closures)]
    assert wrong == []


def test_a_retried_batch_sends_only_what_is_still_unsent(returns, agency_lead):
    with _on(TODAY):
        pairs = reminders.due_pairs()
        assert len(pairs) == 30
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert reminders.send_batch(pairs[:10]) == 10
            assert reminders.send_batch(pairs) == 20
            assert reminders.send_batch(pairs) == 0
    assert SentReminder.objects.count() == 30
    assert Deadline.objects.filter(status="missed").count() == 0  # a batch does not mark missed


def test_the_stored_calendar_is_rebuilt_only_when_a_closure_day_changes_it(business):
    with _on(date(2025, 12, 1)):
        calendar.sync_calendar_days()
        assert calendar.sync_calendar_days() is False
        closure = clock.closure_add(acting_user=business, day=date(2025, 12, 29), reason="Office closed")
        assert calendar.sync_calendar_days() is True
        assert calendar.sync_calendar_days() is False
        clock.closure_remove(acting_user=business, closure=closure)
        assert calendar.sync_calendar_days() is True


@pytest.fixture
def mixed(agency, agency_lead, member, chair, business):
    """Deadlines that exercise every recipient rule and message shape: an organisation's
    returns (its lead told, more than LISTED overdue, two rules, one due on a Saturday),
    people named as well as the organisation (told once), overseers who are also the
    business unit, nobody named or only an inactive person named (the business unit told),
    and deadlines that are met or paused (never reminded)."""
    gone = UserFactory(organisation=agency, is_active=False)
    loner = UserFactory(organisation=agency)
    for index in range(24):
        clock.deadline_create(
            subject=agency,
            rule_key="audit_return" if index % 4 else "action",
            start=date(2025, 4, 1),
            due_date=date(2025, 5, 26) + timedelta(days=index),
            title=f"Return {index}",
            responsible_organisation=agency,
            responsible_users=[member] if index % 5 == 0 else [],
            escalation_users=[chair, business] if index % 3 == 0 else [],
        )
    for offset, people in ((0, [agency_lead, member]), (3, [gone]), (1, []), (5, [loner]), (12, [member])):
        clock.deadline_create(
            subject=agency,
            rule_key="rapid_review",
            start=date(2025, 6, 2),
            due_date=date(2025, 6, 23) + timedelta(days=offset),
            title=f"Rapid review +{offset}",
            responsible_users=people,
            escalation_users=[chair],
        )
    for verb in (clock.deadline_meet, clock.deadline_pause):
        settled = clock.deadline_create(
            subject=agency, rule_key="action", start=TODAY, due_date=TODAY - timedelta(days=2), title=verb.__name__
        )
        kwargs = {"reason": "Done"} if verb is clock.deadline_pause else {}
        verb(deadline=settled, acting_user=business, **kwargs)


def _outcome() -> tuple:
    """What the sweeps so far wrote, with message ids replaced by (recipient, kind)."""
    told = {
        pk: (recipient, kind) for pk, recipient, kind in Notification.objects.values_list("pk", "recipient", "kind")
    }
    return (
        sorted(Notification.objects.values_list("recipient", "kind", "title", "body", "url", "deadline", "email_mode")),
        sorted(
            (row.deadline_id, row.stage, row.recipients_count, [told[pk] for pk in row.notification_ids])
            for row in SentReminder.objects.all()
        ),
        sorted(Deadline.objects.values_list("pk", "status")),
        Deadline.history.filter(history_change_reason=reminders.MISSED_REASON).count(),
    )


class _Undo(Exception):
    pass


def _sweeps(days: list[date], *, sql: bool) -> list[tuple]:
    """The outcome after each of the sweeps on `days`, undone afterwards."""
    outcomes = []
    try:
        with transaction.atomic():
            for day in days:
                _sweep(day, sql=sql)
                outcomes.append(_outcome())
            raise _Undo
    except _Undo:
        pass
    return outcomes


def test_the_set_based_sweep_writes_what_the_python_sweep_writes(mixed):
    days = [TODAY - timedelta(days=3), TODAY, TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=8)]
    python = _sweeps(days, sql=False)
    # Each sweep did something, and the messages take every shape: grouped, listing LISTED
    # and "more", and about one deadline.
    assert [len(outcome[1]) for outcome in python] == [45, 57, 57, 65, 99]
    sent = python[-1][0]
    assert any(title.startswith("Deadlines: ") for _, _, title, *_ in sent)
    assert any("\n- and " in body for _, _, _, body, *_ in sent), [body for _, _, _, body, *_ in sent]
    assert any(deadline is not None for *_, deadline, _ in sent)
    assert _sweeps(days, sql=True) == python
