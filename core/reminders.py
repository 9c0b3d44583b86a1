"""Deadline reminders: which are due, each sent exactly once, told to people in one message.

Stages, each once per due date (the stage key carries the due date, so moving a deadline
starts its reminders again): "before" from `reminder_lead_days` working days ahead, "due" on
the day, "overdue<N>" in each week it stays overdue, and "escalation" to the overseers and
the business unit once it is `escalate_after_days` working days overdue.

The ledger (SentReminder, unique per deadline and stage) is what makes a stage go out once.
A sweep, in one transaction: marks the deadlines that passed unmet as missed, inserts a
ledger row for every due stage not yet in it (`INSERT ... ON CONFLICT DO NOTHING`, so a stage
another sweep already wrote is skipped), and tells people about exactly the rows it
inserted: ONE inbox message per person and kind (reminders; escalations), listing what fell
due for them, linked to the rows it carries. Emails go after the commit (core.notifications
delivers them). Two sweeps at once are serialised by a transaction lock; a sweep that fails
rolls back whole and the next one does the work.

On PostgreSQL the sweep is set-based: the working-day arithmetic is a join on the stored
calendar (core.models.CalendarDay, built from core.working_days), marking missed writes its
history rows in the same statement, and the ledger insert is one INSERT ... SELECT. The
embedded default (SQLite) takes the pure-Python path (`stages_due`), which is the reference
the SQL is tested against.
"""

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from . import calendar, notifications
from .models import Deadline, SentReminder
from .roles import Role
from .working_days import add_working_days, working_days_between

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
CHUNK = 5000  # ids per IN (...) list on the Python path (SQLite's limit is 32,766)
# How far ahead the sweep looks: beyond the longest reminder lead (20 working days).
LOOKAHEAD_DAYS = 45
# Items listed in a grouped message per section; the link opens the full list.
LISTED = 20
SWEEP_LOCK = 0x15C10C  # pg_advisory_xact_lock key: one sweep writes at a time

REMINDER = notifications.DEADLINE_REMINDER.key
ESCALATION = notifications.DEADLINE_ESCALATION.key


def stages_due(due: date, today: date, lead: int, escalate_after: int, closures=frozenset()) -> list[str]:
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


def _run(today: date, *, only: set | None, sql: bool) -> SweepResult:
    if sql:
        calendar.sync_calendar_days(today)
    result = SweepResult()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])
        if only is None:
            result.marked_missed = _mark_missed_sql(today) if sql else mark_missed(today)
        pairs = _due_sql(today, only) if sql else _due_python(today, only)
        if pairs:
            result.pairs, created = _send(pairs, today, sql=sql)
            result.messages = len(created)
            # Emails go after the commit.
            notifications.deliver_after_commit(created)
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
        marked += len(rows)


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
        return cursor.rowcount


# The ledger -----------------------------------------------------------------------------------


def _wanted(today: date, only: set | None) -> set[tuple[int, str]]:
    closures = calendar.closure_days()
    deadlines = Deadline.objects.live().filter(due_date__lte=today + timedelta(days=LOOKAHEAD_DAYS))
    if only is not None:
        deadlines = deadlines.filter(pk__in=sorted({pk for pk, _ in only}))
    wanted = set()
    rows = deadlines.values_list("pk", "due_date", "rule__reminder_lead_days", "rule__escalate_after_days")
    for pk, due, lead, escalate in rows.iterator(chunk_size=2000):
        for stage in stages_due(due, today, lead, escalate, closures):
            if only is None or (pk, stage) in only:
                wanted.add((pk, stage))
    return wanted


def _in_ledger(today: date, only: set | None) -> set[tuple[int, str]]:
    rows = SentReminder.objects.filter(
        deadline__status__in=Deadline.LIVE_STATUSES, deadline__due_date__lte=today + timedelta(days=LOOKAHEAD_DAYS)
    )
    if only is not None:
        rows = rows.filter(deadline_id__in=sorted({pk for pk, _ in only}))
    return set(rows.values_list("deadline_id", "stage").iterator(chunk_size=2000))


STAGES_SQL = """
    SELECT d.id, s.stage
    FROM core_deadline d
    JOIN core_deadlinerule r ON r.id = d.rule_id
    JOIN core_calendarday c ON c.day = d.due_date
    CROSS JOIN LATERAL (VALUES
        (CASE
            WHEN d.due_date > %(today)s THEN
                CASE WHEN r.reminder_lead_days > 0
                      AND %(today_ordinal)s >= c.ordinal - r.reminder_lead_days + (NOT c.is_working)::int
                THEN 'before@' || d.due_date::text END
            WHEN d.due_date = %(today)s THEN 'due@' || d.due_date::text
            ELSE 'overdue' || ((%(today)s - d.due_date - 1) / 7 + 1) || '@' || d.due_date::text
        END),
        (CASE WHEN d.due_date < %(today)s AND %(today_ordinal)s >= c.ordinal + r.escalate_after_days
            THEN 'escalation@' || d.due_date::text END)
    ) AS s(stage)
    WHERE d.status IN (%(open)s, %(missed)s) AND d.due_date <= %(horizon)s AND s.stage IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM core_sentreminder l WHERE l.deadline_id = d.id AND l.stage = s.stage)
    {only}
    ORDER BY d.id, s.stage
"""


def _due_sql(today: date, only: set | None) -> list[tuple[int, str]]:
    """Every due (deadline, stage) not yet in the ledger: the working-day arithmetic is a join
    on the stored calendar, the ledger check an anti-join."""
    from .models import CalendarDay

    today_ordinal = CalendarDay.objects.filter(day=today).values_list("ordinal", flat=True).first()
    if today_ordinal is None:
        raise RuntimeError(f"The stored calendar does not cover {today}")
    params = {
        "today": today,
        "today_ordinal": today_ordinal,
        "horizon": today + timedelta(days=LOOKAHEAD_DAYS),
        "open": Deadline.Status.OPEN,
        "missed": Deadline.Status.MISSED,
    }
    restrict = ""
    if only is not None:
        pairs = sorted(only)
        restrict = "AND (d.id, s.stage) IN (SELECT * FROM unnest(%(ids)s::bigint[], %(stages)s::text[]))"
        params["ids"] = [pk for pk, _ in pairs]
        params["stages"] = [stage for _, stage in pairs]
    with connection.cursor() as cursor:
        # date::text is YYYY-MM-DD under the ISO style (and much cheaper than to_char).
        cursor.execute("SET LOCAL DateStyle = 'ISO'")
        cursor.execute(STAGES_SQL.format(only=restrict), params)
        return cursor.fetchall()


def _due_python(today: date, only: set | None) -> list[tuple[int, str]]:
    return sorted(_wanted(today, only) - _in_ledger(today, only))


def _insert_ledger(pairs: list[tuple[int, str]], carried: list[list[int]], *, sql: bool) -> int:
    """Ledger rows for `pairs`, each with the messages that carried it; a pair already there
    is skipped (ON CONFLICT DO NOTHING). Returns how many rows this call inserted."""
    now = timezone.now()
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_sentreminder "
                "(deadline_id, stage, created_at, sent_at, recipients_count, notification_ids) "
                "SELECT p.deadline_id, p.stage, %s, %s, p.n, p.ids::jsonb "
                "FROM unnest(%s::bigint[], %s::text[], %s::int[], %s::text[]) AS p(deadline_id, stage, n, ids) "
                "ON CONFLICT (deadline_id, stage) DO NOTHING",
                [
                    now,
                    now,
                    [pk for pk, _ in pairs],
                    [stage for _, stage in pairs],
                    [len(ids) for ids in carried],
                    [json.dumps(ids) for ids in carried],
                ],
            )
            return cursor.rowcount
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


# Telling people -------------------------------------------------------------------------------


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _id_filters(ids: list[int]) -> list[dict]:
    """Lookups selecting `ids` (sorted): IN lists of up to CHUNK, or, for more, one range
    scan whose extra rows the caller skips (faster than many long IN lists)."""
    if len(ids) > CHUNK:
        return [{"__gte": ids[0], "__lte": ids[-1]}]
    return [{"__in": chunk} for chunk in _chunks(ids)]


def _send(pairs: list[tuple[int, str]], today: date, *, sql: bool) -> tuple[int, list]:
    """Write the ledger rows for `pairs` and one inbox message per person and kind, each
    linked to the rows it carries. Returns how many rows were written, and the messages."""
    User = get_user_model()
    deadline_ids = sorted({deadline_id for deadline_id, _ in pairs})
    info = {}
    responsible = defaultdict(list)
    overseers = defaultdict(list)
    responsible_through = Deadline.responsible_users.through
    escalation_through = Deadline.escalation_users.through
    wanted = set(deadline_ids)
    for part in _id_filters(deadline_ids):
        for pk, title, due, rule, summary, organisation in Deadline.objects.filter(
            **{f"pk{key}": value for key, value in part.items()}
        ).values_list("pk", "title", "due_date", "rule__name", "rule_summary", "responsible_organisation_id"):
            if pk in wanted:
                info[pk] = (title, due, rule, summary, organisation)
        for through, people in ((responsible_through, responsible), (escalation_through, overseers)):
            for deadline_id, user_id in through.objects.filter(
                user__is_active=True, **{f"deadline_id{key}": value for key, value in part.items()}
            ).values_list("deadline_id", "user_id"):
                if deadline_id in wanted:
                    people[deadline_id].append(user_id)
    contacts = {
        organisation: [user.pk for user in users]
        for organisation, users in import_string(settings.PORTAL_ORGANISATION_CONTACTS)(
            {values[4] for values in info.values() if values[4]}
        ).items()
    }
    business_unit = list(
        User.objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label).values_list("pk", flat=True)
    )

    told = []
    for deadline_id, stage in pairs:
        if stage.startswith("escalation"):
            people = overseers[deadline_id] + business_unit
        else:
            people = responsible[deadline_id] + contacts.get(info[deadline_id][4], [])
            if not people:
                # Nobody named: the business unit must hear of it rather than nobody.
                people = business_unit
        told.append(list(dict.fromkeys(people)))
    groups: dict[tuple[int, str], list[tuple[int, int, str]]] = defaultdict(list)
    for index, ((deadline_id, stage), people) in enumerate(zip(pairs, told, strict=True)):
        kind = ESCALATION if stage.startswith("escalation") else REMINDER
        for user_id in people:
            groups[(user_id, kind)].append((index, deadline_id, stage))
    created = []
    carried: list[list[int]] = [[] for _ in pairs]
    if groups:
        users = {}
        for chunk in _chunks({user_id for user_id, _ in groups}):
            users.update({user.pk: user for user in User.objects.filter(pk__in=chunk)})
        as_business_unit = set(business_unit)
        days = _WorkingDays(today)
        keys = sorted(groups)
        created = notifications.create(
            [
                _message(users[user_id], kind, groups[(user_id, kind)], info, days, user_id in as_business_unit)
                for user_id, kind in keys
            ]
        )
        for message, key in zip(created, keys, strict=True):
            for index, _, _ in groups[key]:
                carried[index].append(message.pk)
    written = _insert_ledger(pairs, carried, sql=sql)
    if written != len(pairs):
        # Only sweeps write the ledger, one at a time (the advisory lock), so this means a
        # writer outside them: roll back rather than tell anyone about a stage twice.
        raise RuntimeError(f"{len(pairs) - written} reminder stages were already in the ledger")
    return written, created


class _WorkingDays:
    """Working days from today to a date, from ordinals counted once per sweep (the same
    reference as core.working_days, without a loop per deadline)."""

    def __init__(self, today: date):
        self.today = today
        self.closures = calendar.closure_days()
        self.ordinals = {day: ordinal for day, ordinal, _ in calendar.cached_rows(self.closures, today)}

    def until(self, day: date) -> int:
        if day in self.ordinals and self.today in self.ordinals:
            return self.ordinals[day] - self.ordinals[self.today]
        return working_days_between(self.today, day, self.closures)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


SECTIONS = {
    "overdue": "Overdue",
    "due": "Due today",
    "before": "Due soon",
    "escalation": "Overdue beyond the partnership's rule",
}


def _section(stage: str) -> str:
    for key in ("escalation", "overdue", "due", "before"):
        if stage.startswith(key):
            return key
    return "before"


def _message(user, kind: str, rows, info, days: _WorkingDays, as_business_unit: bool) -> dict:
    rows = sorted(rows, key=lambda row: (info[row[1]][1], row[1]))
    if len(rows) == 1:
        _, deadline_id, stage = rows[0]
        title, body = _single(info[deadline_id], stage, days)
        return {
            "recipient": user,
            "kind": kind,
            "title": title,
            "body": body,
            "url": reverse("core:deadline-detail", args=[deadline_id]),
            "deadline_id": deadline_id,
        }
    sections: dict[str, list] = {}
    for row in rows:
        sections.setdefault(_section(row[2]), []).append(row)
    rules = {info[row[1]][2] for row in rows}
    rule = f": {next(iter(rules))}" if len(rules) == 1 else ""
    n = len(rows)
    if kind == ESCALATION:
        title = f"Escalation: {n} deadlines are overdue beyond the partnership's rule{rule}"
    elif list(sections) == ["overdue"]:
        title = f"{n} deadlines are now overdue{rule}"
    elif list(sections) == ["due"]:
        title = f"Due today: {n} items{rule}"
    elif list(sections) == ["before"]:
        lefts = {days.until(info[row[1]][1]) for row in rows}
        within = max(lefts)
        title = f"Due in {_plural(within, 'working day')}: {n} items{rule}"
        if len(lefts) > 1:
            title = f"Due within {_plural(within, 'working day')}: {n} items{rule}"
    else:
        parts = [
            f"{len(sections[key])} {label}"
            for key, label in (("overdue", "overdue"), ("due", "due today"), ("before", "due soon"))
            if key in sections
        ]
        title = "Deadlines: " + ", ".join(parts)
    lines = []
    for key in ("escalation", "overdue", "due", "before"):
        if key not in sections:
            continue
        items = sections[key]
        lines.append(f"{SECTIONS[key]} ({len(items)}):")
        for _, deadline_id, _stage in items[:LISTED]:
            lines.append(f"- {_line(info[deadline_id], days)}")
        if len(items) > LISTED:
            lines.append(f"- and {len(items) - LISTED} more")
        lines.append("")
    lines.append("The list in the portal shows each of them, soonest first.")
    if kind == ESCALATION:
        lines.append("They have not been met and the partnership's rule says they should now be escalated.")
    overdue_only = kind == ESCALATION or list(sections) == ["overdue"]
    query = "?status=overdue" if overdue_only else "?status=live"
    if kind == ESCALATION and as_business_unit:
        query = "?scope=all&status=overdue"
    return {
        "recipient": user,
        "kind": kind,
        "title": title,
        "body": "\n".join(lines).strip(),
        "url": reverse("core:deadline-list") + query,
    }


def _line(values, days: _WorkingDays) -> str:
    title, due, _rule, _summary, _organisation = values
    left = days.until(due)
    if left > 0:
        when = f"in {_plural(left, 'working day')}"
    elif due == days.today:
        when = "today"
    else:
        when = f"overdue by {_plural(-left, 'working day')}" if left else "overdue"
    return f"{title}: due {due:%a %-d %b %Y}, {when}"


def _single(values, stage: str, days: _WorkingDays) -> tuple[str, str]:
    title, due, _rule, summary, _organisation = values
    body = f"Due {due:%A %-d %B %Y}. Rule: {summary}."
    if stage.startswith("before"):
        return f"Due in {_plural(days.until(due), 'working day')}: {title}", body
    if stage.startswith("due"):
        return f"Due today: {title}", body
    overdue = _plural(-days.until(due), "working day")
    if stage.startswith("escalation"):
        return (
            f"Escalation, overdue by {overdue}: {title}",
            body + " It has not been met and the partnership's rule says it should now be escalated.",
        )
    return f"Overdue by {overdue}: {title}", body
