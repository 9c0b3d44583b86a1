"""Deadline reminders: which are due, each sent exactly once, told to people in one message.

Stages, each once per due date (the stage key carries the due date, so moving a deadline
starts its reminders again): "before" from `reminder_lead_days` working days ahead, "due" on
the day, "overdue<N>" in each week it stays overdue, and "escalation" to the overseers and
the business unit once it is `escalate_after_days` working days overdue.

The ledger (SentReminder, unique per deadline and stage) is what makes a stage go out once.
A sweep marks the deadlines that passed unmet as missed, and, in one transaction, inserts a
ledger row for every due stage not yet in it and tells people about exactly the rows it
inserted: ONE inbox message per person and kind (reminders; escalations), listing what fell
due for them, linked to the rows it carries. Emails go after the commit (core.notifications
delivers them). Two sweeps at once are serialised by a transaction lock, so the second finds
the first one's rows in the ledger and skips them; a row already there all the same (a writer
outside the sweeps) breaks the ledger's unique constraint and rolls the sweep back. A sweep
that fails rolls back whole and the next one does the work. On PostgreSQL, marking missed
runs beside the sending, on a second connection in its own transaction (`_MarkingApart`).

On PostgreSQL the sweep is set-based (core.reminder_sql): the working-day arithmetic is a
join on the stored calendar (core.models.CalendarDay, built from core.working_days), marking
missed writes its history rows in the same statement, who is told and the grouping stay in
the database, and the ledger insert is one INSERT ... SELECT. The embedded default (SQLite)
takes the pure-Python path (`stages_due`), which is the reference the SQL is tested against;
both word their messages through core.reminder_messages.
"""

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from . import calendar, kept, notifications
from . import reminder_messages as messages
from .models import Deadline, Notification, SentReminder
from .roles import Role
from .working_days import add_working_days

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
CHUNK = 5000  # ids per IN (...) list on the Python path (SQLite's limit is 32,766)
# How far ahead the sweep looks: beyond the longest reminder lead (20 working days).
LOOKAHEAD_DAYS = 45
SWEEP_LOCK = 0x15C10C  # pg_advisory_xact_lock key: one sweep writes at a time
MARK_LOCK = 0x15C10D  # and one marks missed at a time, when it does so on its own connection

REMINDER = messages.REMINDER
ESCALATION = messages.ESCALATION


def stages_due(
    due: date, today: date, lead: int, escalate_after: int, closures: Iterable[date] = frozenset()
) -> list[str]:
    """The reminder stages a live deadline due on `due` should have had by `today`."""
    if today < due:
        if lead and today >= add_working_days(due, -lead, closures):
            return [f"before@{due}"]
        return []
    if today == due:
        return [f"due@{due}"]
    week = ((today - due).days - 1) // 7 + 1
    stages = [f"overdue{week}@{due}"]
    if today >= add_working_days(due, escalate_after, closures):
        stages.append(f"escalation@{due}")
    return stages


@dataclass
class SweepResult:
    marked_missed: int = 0
    pairs: int = 0  # ledger rows (deadline, stage) this run sent
    messages: int = 0  # inbox messages it wrote (one per person and kind)


def use_sql() -> bool:
    return connection.vendor == "postgresql"


def sweep(*, today: date | None = None, sql: bool | None = None) -> SweepResult:
    """Email any notification a crash left unemailed, then mark deadlines that passed unmet as
    missed and send every reminder stage that is due and not yet sent, grouped per person."""
    today = today or calendar.today()
    notifications.deliver_pending()
    return _run(today, only=None, sql=use_sql() if sql is None else sql)


def send_batch(pairs: list[tuple[int, str]]) -> int:
    """Send those of the given (deadline id, stage) reminders that are still due and not yet
    sent (a batch handed to a worker, retried or redelivered). Returns how many it sent."""
    only = {(int(pk), str(stage)) for pk, stage in pairs}
    if not only:
        return 0
    return _run(calendar.today(), only=only, sql=use_sql()).pairs


def due_pairs(today: date | None = None) -> list[tuple[int, str]]:
    """The (deadline id, stage) pairs due by `today` and not yet in the ledger (read only)."""
    today = today or calendar.today()
    return sorted(_wanted(today, None) - _in_ledger(today, None))


def _run(today: date, *, only: set[tuple[int, str]] | None, sql: bool) -> SweepResult:
    if sql:
        calendar.sync_calendar_days(today)
    result = SweepResult()
    # Marking missed and sending are independent (the stages depend on the due date, not on
    # the status, and a missed deadline is as live as an open one), so on PostgreSQL, when the
    # caller has no transaction of its own open, the marking runs on a second connection
    # beside the sending, in its own transaction: a sweep uses both cores.
    apart = _MarkingApart(today) if sql and only is None and not connection.in_atomic_block else None
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])
            if only is None and apart is None:
                result.marked_missed = _mark_missed_sql(today) if sql else mark_missed(today)
            result.pairs, created = _send_sql(today, only) if sql else _send_python(today, only)
            result.messages = len(created)
            if result.pairs:
                kept.changed(SentReminder)
            if created:
                # Emails go after the commit.
                notifications.deliver_after_commit(created)
    except BaseException:
        if apart is not None:
            apart.thread.join()  # the sending's failure is the one raised; the marking's is logged
        raise
    if apart is not None:
        result.marked_missed = apart.result()
    if result.pairs:
        logger.info("Sent %d deadline reminders in %d messages", result.pairs, result.messages)
    return result


# Marking missed -------------------------------------------------------------------------------

MISSED_REASON = "The due date passed unmet"


def mark_missed(today: date) -> int:
    """The Python path: batches of rows, one UPDATE and one history INSERT per batch."""
    marked = 0
    while True:
        rows = list(
            Deadline.objects.filter(status=Deadline.Status.OPEN, due_date__lt=today).order_by("pk")[:BATCH_SIZE]
        )
        if not rows:
            return marked
        Deadline.objects.filter(pk__in=[row.pk for row in rows]).update(status=Deadline.Status.MISSED)
        for row in rows:
            row.status = Deadline.Status.MISSED
        Deadline.history.bulk_history_create(rows, update=True, default_change_reason=MISSED_REASON)
        kept.changed(Deadline)
        marked += len(rows)


class _MarkingApart:
    """Marks missed on a connection of its own, in a thread, one marking at a time (its own
    advisory lock). `result()` waits for it and returns how many it marked, or raises what
    it raised. Each of the two transactions is whole: if one fails, the other's work stands
    and the next sweep does the rest."""

    def __init__(self, today: date) -> None:
        self.marked = 0
        self.error: Exception | None = None
        self.thread = threading.Thread(target=self._mark, args=(today,), name="sweep-mark-missed")
        self.thread.start()

    def _mark(self, today: date) -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MARK_LOCK])
                self.marked = _mark_missed_sql(today)
        except Exception as error:  # noqa: BLE001 - handed to the sweep's own thread by result()
            logger.exception("Marking missed deadlines failed; the next sweep marks them")
            self.error = error
        finally:
            connection.close()

    def result(self) -> int:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.marked


def _mark_missed_sql(today: date) -> int:
    """One statement: the UPDATE returns the changed rows and their history rows are inserted
    from it, as simple_history's bulk_history_create would write them."""
    history = Deadline.history.model
    columns = [f.column for f in Deadline._meta.concrete_fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH marked AS (
                UPDATE {Deadline._meta.db_table} SET status = %(missed)s
                WHERE status = %(open)s AND due_date < %(today)s
                RETURNING {quoted}
            )
            INSERT INTO {history._meta.db_table}
                ({quoted}, history_date, history_change_reason, history_type, history_user_id)
            SELECT {quoted}, %(now)s, %(reason)s, '~', NULL FROM marked
            """,  # noqa: S608  # nosec B608 - names come from the models, values are parameters
            {
                "missed": Deadline.Status.MISSED,
                "open": Deadline.Status.OPEN,
                "today": today,
                "now": timezone.now(),
                "reason": MISSED_REASON,
            },
        )
        marked = int(cursor.rowcount)
    if marked:
        kept.changed(Deadline)
    return marked


# The pure-Python path --------------------------------------------------------------------


def _wanted(today: date, only: set[tuple[int, str]] | None) -> set[tuple[int, str]]:
    closures = calendar.closure_days()
    deadlines = Deadline.objects.live().filter(due_date__lte=today + timedelta(days=LOOKAHEAD_DAYS))
    if only is not None:
        deadlines = deadlines.filter(pk__in=sorted({pk for pk, _ in only}))
    wanted: set[tuple[int, str]] = set()
    rows = deadlines.values_list("pk", "due_date", "rule__reminder_lead_days", "rule__escalate_after_days")
    for pk, due, lead, escalate in rows.iterator(chunk_size=2000):
        for stage in stages_due(due, today, lead, escalate, closures):
            if only is None or (pk, stage) in only:
                wanted.add((pk, stage))
    return wanted


def _in_ledger(today: date, only: set[tuple[int, str]] | None) -> set[tuple[int, str]]:
    rows = SentReminder.objects.filter(
        deadline__status__in=Deadline.LIVE_STATUSES, deadline__due_date__lte=today + timedelta(days=LOOKAHEAD_DAYS)
    )
    if only is not None:
        rows = rows.filter(deadline_id__in=sorted({pk for pk, _ in only}))
    return set(rows.values_list("deadline_id", "stage").iterator(chunk_size=2000))


def _due_python(today: date, only: set[tuple[int, str]] | None) -> list[tuple[int, str]]:
    return sorted(_wanted(today, only) - _in_ledger(today, only))


def _chunks(items: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _id_filters(ids: list[int]) -> list[dict[str, Any]]:
    """Lookups selecting `ids` (sorted): IN lists of up to CHUNK, or, for more, one range
    scan whose extra rows the caller skips (faster than many long IN lists)."""
    if len(ids) > CHUNK:
        return [{"__gte": ids[0], "__lte": ids[-1]}]
    return [{"__in": chunk} for chunk in _chunks(ids)]


def _send_python(today: date, only: set[tuple[int, str]] | None) -> tuple[int, list[Notification]]:
    """Write the ledger rows for every due stage not yet sent and one inbox message per
    person and kind, each linked to the rows it carries. Returns how many rows were written,
    and the messages."""
    pairs = _due_python(today, only)
    if not pairs:
        return 0, []
    deadline_ids = sorted({deadline_id for deadline_id, _ in pairs})
    items: dict[int, tuple[str, date, str, str]] = {}
    organisations: dict[int, int | None] = {}
    responsible: defaultdict[int, list[int]] = defaultdict(list)
    overseers: defaultdict[int, list[int]] = defaultdict(list)
    responsible_through = Deadline.responsible_users.through
    escalation_through = Deadline.escalation_users.through
    wanted = set(deadline_ids)
    for part in _id_filters(deadline_ids):
        for pk, title, due, rule, summary, organisation in Deadline.objects.filter(
            **{f"pk{key}": value for key, value in part.items()}
        ).values_list("pk", "title", "due_date", "rule__name", "rule_summary", "responsible_organisation_id"):
            if pk in wanted:
                items[pk] = (title, due, rule, summary)
                organisations[pk] = organisation
        for through, named in ((responsible_through, responsible), (escalation_through, overseers)):
            for deadline_id, user_id in through.objects.filter(
                user__is_active=True, **{f"deadline_id{key}": value for key, value in part.items()}
            ).values_list("deadline_id", "user_id"):
                if deadline_id in wanted:
                    named[deadline_id].append(user_id)
    contacts = _contacts({organisation for organisation in organisations.values() if organisation})
    business_unit = _business_unit()

    members: dict[tuple[int, str], list[int]] = defaultdict(list)
    for index, (deadline_id, stage) in enumerate(pairs):
        if stage.startswith("escalation"):
            people = overseers[deadline_id] + business_unit
        else:
            organisation_id = organisations[deadline_id]
            people = responsible[deadline_id] + (contacts.get(organisation_id, []) if organisation_id else [])
            if not people:
                # Nobody named: the business unit must hear of it rather than nobody.
                people = business_unit
        for user_id in set(people):
            members[(user_id, messages.kind_of(stage))].append(index)
    keys = sorted(members)
    listed = [messages.Item(deadline_id, stage, *items[deadline_id]) for deadline_id, stage in pairs]
    groups = [messages.group_of(user_id, kind, [listed[i] for i in members[(user_id, kind)]]) for user_id, kind in keys]
    created = _create_messages(groups, today, business_unit)
    carried: list[list[int]] = [[] for _ in pairs]
    for message, key in zip(created, keys, strict=True):
        for index in members[key]:
            carried[index].append(message.pk)
    return _check_written(_insert_ledger(pairs, carried), len(pairs)), created


def _insert_ledger(pairs: list[tuple[int, str]], carried: list[list[int]]) -> int:
    """Ledger rows for `pairs`, each with the messages that carried it. Returns how many."""
    now = timezone.now()
    rows = SentReminder.objects.bulk_create(
        [
            SentReminder(
                deadline_id=pk,
                stage=stage,
                created_at=now,
                sent_at=now,
                recipients_count=len(ids),
                notification_ids=ids,
            )
            for (pk, stage), ids in zip(pairs, carried, strict=True)
        ],
        batch_size=500,
    )
    return len(rows)


# Both paths ----------------------------------------------------------------------------------


def _contacts(organisation_ids: set[int]) -> dict[int, list[int]]:
    """The ids of each organisation's contacts (settings.PORTAL_ORGANISATION_CONTACTS)."""
    found = import_string(settings.PORTAL_ORGANISATION_CONTACTS)(organisation_ids)
    return {organisation: [user.pk for user in users] for organisation, users in found.items()}


def _business_unit() -> list[int]:
    User = get_user_model()
    return list(User.objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label).values_list("pk", flat=True))


def _create_messages(groups: list[messages.Group], today: date, business_unit: list[int]) -> list[Notification]:
    """One inbox message per group (in the order given)."""
    if not groups:
        return []
    users = get_user_model().objects.in_bulk(sorted({group.user_id for group in groups}))
    days = messages.WorkingDays(today)
    as_business_unit = set(business_unit)
    list_url = reverse("core:deadline-list")
    return notifications.create(
        [
            messages.message(users[group.user_id], group, days, group.user_id in as_business_unit, list_url)
            for group in groups
        ]
    )


def _check_written(written: int, expected: int) -> int:
    if written != expected:
        # Only sweeps write the ledger, one at a time (the advisory lock), so this means a
        # writer outside them: roll back rather than tell anyone about a stage twice.
        raise RuntimeError(f"{expected - written} reminder stages were already in the ledger")
    return written


def _send_sql(today: date, only: set[tuple[int, str]] | None) -> tuple[int, list[Notification]]:
    from .reminder_sql import send

    return send(today, only)
