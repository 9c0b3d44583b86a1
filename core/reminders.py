"""Deadline reminders: which are due, and sending each exactly once.

The sweep reads what is due from the database every time it runs (a lost run is made good by
the next), in batches keyed by id, and hands (deadline, stage) pairs to `send_batch`.

`send_batch` is the only place a reminder is sent. In one transaction it inserts a ledger row
per pair (ignoring ones that exist), locks the unsent ones with SKIP LOCKED, writes the inbox
notifications, emails the immediate ones and marks the rows sent. Two workers, a re-run sweep
or a retried task therefore never send a stage twice; a worker killed mid-batch rolls back and
the next sweep sends what it did not.

Stages, each once per due date (the stage key carries the due date, so moving a deadline
starts its reminders again): "before" from `reminder_lead_days` working days ahead, "due" on
the day, "overdue<N>" in each week it stays overdue, and "escalation" to the overseers and
the business unit once it is `escalate_after_days` working days overdue.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from . import calendar, notifications
from .models import Deadline, SentReminder
from .roles import Role
from .working_days import add_working_days

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
SEND_CHUNK = 100
# How far ahead the sweep looks: beyond the longest reminder lead (20 working days).
LOOKAHEAD_DAYS = 45


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
    scanned: int = 0
    marked_missed: int = 0
    pairs: int = 0
    batches: int = 0


def sweep(*, dispatch: Callable[[list[tuple[int, str]]], None], today: date | None = None) -> SweepResult:
    """Mark deadlines that passed unmet as missed, email any notification a crash left
    unemailed, then dispatch every reminder stage that is due and not yet sent."""
    today = today or calendar.today()
    notifications.deliver_pending()
    closures = calendar.closure_days()
    result = SweepResult(marked_missed=mark_missed(today))
    last_id = 0
    while True:
        batch = list(
            Deadline.objects.live()
            .filter(pk__gt=last_id, due_date__lte=today + timedelta(days=LOOKAHEAD_DAYS))
            .order_by("pk")
            .values_list("pk", "due_date", "rule__reminder_lead_days", "rule__escalate_after_days")[:BATCH_SIZE]
        )
        if not batch:
            break
        result.batches += 1
        result.scanned += len(batch)
        last_id = batch[-1][0]
        wanted = {
            (pk, stage)
            for pk, due, lead, escalate in batch
            for stage in stages_due(due, today, lead, escalate, closures)
        }
        if not wanted:
            continue
        sent = set(
            SentReminder.objects.filter(deadline_id__in={pk for pk, _ in wanted}, sent_at__isnull=False).values_list(
                "deadline_id", "stage"
            )
        )
        pending = sorted(wanted - sent)
        result.pairs += len(pending)
        for start in range(0, len(pending), SEND_CHUNK):
            dispatch(pending[start : start + SEND_CHUNK])
    return result


def mark_missed(today: date) -> int:
    marked = 0
    while True:
        rows = list(
            Deadline.objects.filter(status=Deadline.Status.OPEN, due_date__lt=today).order_by("pk")[:BATCH_SIZE]
        )
        if not rows:
            return marked
        # One UPDATE and one history INSERT per batch (bulk_update's CASE per row is slow).
        Deadline.objects.filter(pk__in=[row.pk for row in rows]).update(status=Deadline.Status.MISSED)
        for row in rows:
            row.status = Deadline.Status.MISSED
        Deadline.history.bulk_history_create(rows, update=True, default_change_reason="The due date passed unmet")
        marked += len(rows)


def send_batch(pairs: list[tuple[int, str]]) -> int:
    """Send the given (deadline id, stage) reminders that are still due and not yet sent.
    Returns how many reminders this call sent."""
    today = calendar.today()
    closures = calendar.closure_days()
    pairs = {(int(pk), str(stage)) for pk, stage in pairs}
    with transaction.atomic():
        deadlines = {
            d.pk: d
            for d in Deadline.objects.live()
            .filter(pk__in={pk for pk, _ in pairs})
            .select_related("rule")
            .prefetch_related("responsible_users", "escalation_users")
        }
        still_due = [
            (pk, stage)
            for pk, stage in pairs
            if pk in deadlines
            and stage
            in stages_due(
                deadlines[pk].due_date,
                today,
                deadlines[pk].rule.reminder_lead_days,
                deadlines[pk].rule.escalate_after_days,
                closures,
            )
        ]
        if not still_due:
            return 0
        SentReminder.objects.bulk_create(
            [SentReminder(deadline_id=pk, stage=stage) for pk, stage in still_due], ignore_conflicts=True
        )
        mine = list(
            SentReminder.objects.select_for_update(skip_locked=True)
            .filter(reduce(or_, (Q(deadline_id=pk, stage=stage) for pk, stage in still_due)), sent_at__isnull=True)
            .order_by("pk")
        )
        if not mine:
            return 0
        recipients = _recipients([deadlines[row.deadline_id] for row in mine], mine)
        messages = []
        for row in mine:
            deadline = deadlines[row.deadline_id]
            people = recipients[row.pk]
            row.recipients_count = len(people)
            kind, title, body = _wording(deadline, row.stage, today, closures)
            messages += [
                {
                    "recipient": person,
                    "kind": kind,
                    "title": title,
                    "body": body,
                    "url": deadline.get_absolute_url(),
                    "deadline": deadline,
                }
                for person in people
            ]
        created = notifications.create(messages)
        now = timezone.now()
        by_count: dict[int, list[int]] = {}
        for row in mine:
            by_count.setdefault(row.recipients_count, []).append(row.pk)
        for recipients_count, ids in by_count.items():
            SentReminder.objects.filter(pk__in=ids).update(sent_at=now, recipients_count=recipients_count)
        # Emails go after the commit, one message per short transaction: a crash can then
        # repeat at most the one email in flight, never a batch.
        notifications.deliver_after_commit(created)
    logger.info("Sent %d deadline reminders", len(mine))
    return len(mine)


def _recipients(deadlines: list[Deadline], rows: list[SentReminder]) -> dict[int, list]:
    contacts = import_string(settings.PORTAL_ORGANISATION_CONTACTS)(
        {d.responsible_organisation_id for d in deadlines if d.responsible_organisation_id}
    )
    business_unit = None
    by_row = {}
    by_id = {d.pk: d for d in deadlines}
    for row in rows:
        deadline = by_id[row.deadline_id]
        people = [u for u in deadline.responsible_users.all() if u.is_active]
        people += contacts.get(deadline.responsible_organisation_id, [])
        if row.stage.startswith("escalation"):
            if business_unit is None:
                business_unit = list(
                    get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label)
                )
            people = [u for u in deadline.escalation_users.all() if u.is_active] + business_unit
        if not people:
            # Nobody named: the business unit must hear of it rather than nobody.
            if business_unit is None:
                business_unit = list(
                    get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label)
                )
            people = business_unit
        by_row[row.pk] = list({u.pk: u for u in people}.values())
    return by_row


def _wording(deadline: Deadline, stage: str, today: date, closures) -> tuple[str, str, str]:
    due = f"{deadline.due_date:%A %-d %B %Y}"
    body = f"Due {due}. Rule: {deadline.rule_summary}."
    if stage.startswith("before"):
        days = deadline.working_days_left(today, closures)
        return (
            notifications.DEADLINE_REMINDER.key,
            f"Due in {days} working day{'s' if days != 1 else ''}: {deadline.title}",
            body,
        )
    if stage.startswith("due"):
        return notifications.DEADLINE_REMINDER.key, f"Due today: {deadline.title}", body
    overdue = -deadline.working_days_left(today, closures)
    overdue_text = f"{overdue} working day{'s' if overdue != 1 else ''}"
    if stage.startswith("escalation"):
        return (
            notifications.DEADLINE_ESCALATION.key,
            f"Escalation, overdue by {overdue_text}: {deadline.title}",
            body + " It has not been met and the partnership's rule says it should now be escalated.",
        )
    return notifications.DEADLINE_REMINDER.key, f"Overdue by {overdue_text}: {deadline.title}", body
